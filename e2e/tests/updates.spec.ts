import { expect, test } from '@playwright/test';
import type { PullPreview } from '@footprint/shared';
import { loadImages } from '../../server/test/helpers/fixtures.js';
import { seededBytes } from '../../server/test/helpers/image-archive.js';
import { PrivateEngine } from '../../server/test/helpers/private-engine.js';
import { type PrivateRegistry, startRegistry } from '../../server/test/helpers/private-registry.js';
import { readEnvironment } from '../support/environment.js';
import { expectNoSeriousA11yViolations, keepScreenshot } from '../support/screenshots.js';

/*
 * Issue 18, update checks in the browser: an image pushed to a registry (Debian's
 * docker-registry on the loopback) whose tag is then re-pushed with another image. The page
 * checks, badges the row, filters to it, and the image page says what updating costs.
 */

const { baseURL, engine: engineState, token } = readEnvironment();
const engine = PrivateEngine.attach(engineState);
test.use({ baseURL });
test.describe.configure({ mode: 'serial' });

let registry: PrivateRegistry;
let oldId = '';
let remote = '';

test.beforeAll(async () => {
  registry = await startRegistry();
  remote = `${registry.host}/e2e/upd:1`;
  const [v1, v2] = await loadImages(
    engine,
    ['v1', 'v2'].map((name) => ({
      tags: [`e2e-update/${name}:1`],
      layers: [
        {
          entries: [
            {
              type: 'file' as const,
              path: `${name}.bin`,
              content: seededBytes(`e2e-${name}`, 300_000),
            },
          ],
        },
      ],
    })),
  );
  if (v1 === undefined || v2 === undefined) throw new Error('the images were not loaded');
  oldId = v1.id;
  // v1 is pushed (its RepoDigest), then the tag is re-pushed with v2 and named v1 again here;
  // v2 then leaves the engine, so updating has something to download.
  await engine.docker(['tag', v1.id, remote]);
  await engine.docker(['push', remote]);
  await engine.docker(['tag', v2.id, remote]);
  await engine.docker(['push', remote]);
  await engine.docker(['tag', v1.id, remote]);
  await engine.docker(['rmi', '-f', v2.id]);
});

test.afterAll(async () => {
  if (oldId !== '') await engine.docker(['rmi', '-f', oldId]).catch(() => '');
  await registry?.stop();
});

test('checks for updates, badges the image and filters to it', async ({ page }) => {
  await page.goto(`/?token=${token}`);
  await page.goto('/images');
  await page.getByRole('button', { name: 'Check for updates' }).click();
  const row = page.locator(`tr[data-image-id="${oldId}"]`);
  const badge = row.getByTestId('update-badge');
  await expect(badge).toHaveText('update available');
  await expect(badge).toHaveAttribute('data-state', 'update-available');
  await expect(page.getByRole('button', { name: 'Check for updates' })).toBeEnabled();
  await keepScreenshot(page, 'updates-badge');

  await page.getByLabel(/^Update available \(\d+\)$/).check();
  await expect(page).toHaveURL(/[?&]updates=1/);
  await expect(page.locator('tr[data-image-id]')).toHaveCount(1);
  await expect(row).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await keepScreenshot(page, 'updates-filter');
});

test('the image page says what updating costs, with the removal dialog’s figures', async ({
  page,
}) => {
  await page.goto(`/?token=${token}`);
  await page.goto(`/images/${encodeURIComponent(oldId)}`);
  const section = page.getByTestId('update-section');
  await expect(section.getByTestId('update-state')).toHaveAttribute(
    'data-state',
    'update-available',
  );
  await expect(section.getByTestId('update-requests')).toHaveText('1 HEAD · 0 GET');

  // The download is the pull preview's, asked of the server here too.
  const answer = await page.request.post('/api/pull/preview', {
    data: { reference: remote },
    headers: { origin: baseURL },
  });
  expect(answer.status()).toBe(200);
  const preview = (await answer.json()) as PullPreview;
  expect(preview.downloadBytes).toBeGreaterThan(0);
  await expect(section.getByTestId('update-download-bytes')).toHaveAttribute(
    'data-bytes',
    String(preview.downloadBytes),
  );

  // What comes back once the old image goes: the very figures the removal dialog shows.
  const freed = section.getByTestId('update-freed-bytes');
  await expect(freed).toHaveAttribute('data-bytes', /^\d+$/);
  const engineBytes = await freed.getAttribute('data-bytes');
  const diskBytes = await section.getByTestId('update-freed-disk-bytes').getAttribute('data-bytes');
  await keepScreenshot(page, 'updates-cost');
  await page.getByRole('button', { name: 'Remove image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove 1 image?' });
  await expect(dialog.getByTestId('freed-bytes')).toHaveAttribute('data-bytes', engineBytes ?? '');
  if (diskBytes !== null) {
    await expect(dialog.getByTestId('freed-disk-bytes')).toHaveAttribute('data-bytes', diskBytes);
  }
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expectNoSeriousA11yViolations(page);
});
