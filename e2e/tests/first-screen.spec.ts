import type { ImageList } from '@footprint/shared';
import { expect, test } from '@playwright/test';
import { PrivateEngine } from '../../server/test/helpers/private-engine.js';
import { readEnvironment } from '../support/environment.js';
import { expectNoSeriousA11yViolations, keepScreenshot } from '../support/screenshots.js';

const { baseURL, engine: engineState, fixtures } = readEnvironment();
test.use({ baseURL });

test('shows every image with the API’s exact sizes, and follows the engine going away and back', async ({
  page,
  request,
}) => {
  const { images } = (await (await request.get('/api/images')).json()) as ImageList;
  expect(images.length).toBeGreaterThanOrEqual(Object.keys(fixtures.images).length);

  await page.goto('/images');
  const table = page.getByRole('table', { name: /images/i });
  await expect(table).toBeVisible();
  await expect(table.locator('tbody tr[data-image-id]')).toHaveCount(images.length);

  for (const image of images) {
    const row = table.locator(`tr[data-image-id="${image.id}"]`);
    await expect(row).toBeVisible();
    const bytes = await row
      .locator('[data-column="size"], [data-column="sharedSize"], [data-column="uniqueSize"]')
      .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-bytes'))));
    expect(bytes, image.repoTags.join(', ') || image.id).toEqual([
      image.size,
      image.sharedSize,
      image.uniqueSize,
    ]);
    for (const tag of image.repoTags) await expect(row).toContainText(tag);
  }
  // A dangling image reads "<none>"; exact bytes are on hover.
  await expect(table.locator(`tr[data-image-id="${fixtures.images.replaced.id}"]`)).toContainText(
    '<none>',
  );
  const sizeCell = table
    .locator(`tr[data-image-id="${fixtures.images.busybox.id}"] [data-bytes]`)
    .first();
  await expect(sizeCell.locator('[title]')).toHaveAttribute(
    'title',
    /^[\d,]+ bytes \(engine figure\)$/,
  );
  await keepScreenshot(page, 'first-screen');

  const engine = PrivateEngine.attach(engineState);
  await engine.stopDaemon();
  try {
    const banner = page.getByRole('alert');
    await expect(banner).toContainText(/not reachable/i, { timeout: 20_000 });
    await expect(banner).toContainText(engineState.socketPath);
    await keepScreenshot(page, 'engine-down');
  } finally {
    await engine.startDaemon();
  }

  await expect(page.getByRole('alert')).toHaveCount(0, { timeout: 20_000 });
  await expect(table.locator('tbody tr[data-image-id]')).toHaveCount(images.length);
  await keepScreenshot(page, 'engine-back');
});

test('sorts the images table by a column', async ({ page }) => {
  await page.goto('/images');
  const table = page.getByRole('table', { name: /images/i });
  await expect(table.locator('tbody tr[data-image-id]').first()).toBeVisible();
  const header = table.getByRole('columnheader', { name: /unique/i });
  await header.getByRole('button').click();
  // The sort goes through the URL (a router navigation), so wait for it to apply.
  await expect(header).toHaveAttribute('aria-sort', /^(ascending|descending)$/);
  const direction = await header.getAttribute('aria-sort');
  const uniques = await table
    .locator('tbody tr[data-image-id]')
    .evaluateAll((rows) =>
      rows.map((row) =>
        Number(row.querySelectorAll('[data-bytes]')[2]?.getAttribute('data-bytes')),
      ),
    );
  const sorted = [...uniques].sort((a, b) => (direction === 'ascending' ? a - b : b - a));
  expect(uniques).toEqual(sorted);
});

test('has no serious accessibility violations on the first screen', async ({ page }) => {
  await page.goto('/images');
  await expect(
    page
      .getByRole('table', { name: /images/i })
      .locator('tbody tr[data-image-id]')
      .first(),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
