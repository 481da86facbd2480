import type { ImageList } from '@footprint/shared';
import { expect, test } from '@playwright/test';
import { api } from '../support/api.js';
import { readEnvironment } from '../support/environment.js';
import { expectNoSeriousA11yViolations, keepScreenshot } from '../support/screenshots.js';

/*
 * "Unused for N days" on the record's first day: the fixtures were made on 2026-01-01 and the
 * server began recording when this run started, so the record alone lists nothing and the
 * images nothing uses are listed by age, each saying so.
 */

const { baseURL } = readEnvironment();
test.use({ baseURL });

test('unused for 30 days on day one: how long use is recorded, and each image by age', async ({
  page,
  request,
}) => {
  const answer = await api<ImageList>(
    request,
    '/api/images?unusedForDays=30&unusedBasis=recorded-or-age',
  );
  const evidence = answer.unused?.evidence ?? [];
  expect(evidence.length).toBeGreaterThan(0);
  expect(evidence.every((each) => each.basis === 'age')).toBe(true);

  await page.goto('/images?unused=30');
  const filter = page.getByTestId('unused-filter');
  await expect(filter.getByTestId('idle-record')).toContainText(
    'Container use has been recorded for less than a day, since',
  );
  await expect(filter.getByTestId('idle-explanation')).toContainText(
    `${evidence.length} images match: 0 unused for at least 30 days on the record`,
  );
  await expect(filter.getByTestId('idle-explanation')).toContainText(
    'The record is shorter than 30 days',
  );
  const rows = page.getByRole('table', { name: 'Images' }).locator('tbody tr[data-image-id]');
  await expect
    .poll(async () =>
      (await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-image-id'))))
        .map((id) => `sha256:${(id ?? '').replace(/^sha256:/, '')}`)
        .sort(),
    )
    .toEqual(evidence.map((each) => each.id).sort());

  await filter.getByText('Why each image matches').click();
  const items = filter.getByRole('listitem');
  await expect(items).toHaveCount(evidence.length);
  await expect(items.first()).toContainText('by age');
  await expect(items.first()).toContainText(
    'By age, not by the record: no container since recording began on',
  );
  await expect(items.first()).toContainText('Its use before the record began is not known.');
  await expectNoSeriousA11yViolations(page);
  await keepScreenshot(page, 'idle-filter-day-one');
});
