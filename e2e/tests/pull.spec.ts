import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fixtureSpecs, loadImages } from '../../server/test/helpers/fixtures.js';
import { type LayerSpec, seededBytes } from '../../server/test/helpers/image-archive.js';
import { PrivateEngine } from '../../server/test/helpers/private-engine.js';
import {
  type PrivateRegistry,
  pushFixture,
  startRegistry,
} from '../../server/test/helpers/private-registry.js';
import { type SlowProxy, startSlowProxy } from '../../server/test/helpers/slow-proxy.js';
import { readEnvironment } from '../support/environment.js';
import { expectNoSeriousA11yViolations, keepScreenshot } from '../support/screenshots.js';

/*
 * Issue 18, a pull in the browser: an image on base-alpha (which the engine holds) with a new
 * 6 MB layer, in a registry on the loopback reached through a proxy that passes 1.5 MB/s, so
 * the pull runs for seconds. The dialog previews it (the base reused, the new layer's exact
 * compressed bytes), then shows the server's pull live and its result beside the promise.
 */

const { baseURL, engine: engineState, token } = readEnvironment();
const engine = PrivateEngine.attach(engineState);
test.use({ baseURL });

const localTag = 'e2e-pull/app:1';
let registry: PrivateRegistry;
let proxy: SlowProxy;
let remote = '';

test.beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startSlowProxy(registry.host, 1_500_000);
  await loadImages(engine, [
    {
      tags: [localTag],
      layers: [
        fixtureSpecs.baseAlpha.layers[0] as LayerSpec,
        {
          entries: [
            { type: 'file', path: 'e2e/pull.bin', content: seededBytes('e2e-pull', 6_000_000) },
          ],
        },
      ],
    },
  ]);
  await pushFixture(engine, registry, localTag, 'e2e/pull:1');
  // Gone from the engine, so the pull has its new layer to download.
  await engine.docker(['rmi', localTag]);
  remote = `${proxy.host}/e2e/pull:1`;
});

test.afterAll(async () => {
  await engine.docker(['rmi', remote]).catch(() => '');
  await proxy?.close();
  await registry?.stop();
});

function blobBytes(digest: string): number {
  const hex = digest.replace(/^sha256:/, '');
  return statSync(
    join(registry.storageDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data'),
  ).size;
}

test('previews a pull, shows its progress through a real pull, and the result', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto(`/?token=${token}`);
  await page.goto('/images');
  await page.getByTestId('pull-open').click();
  const dialog = page.getByTestId('pull-dialog');
  await dialog.getByLabel('Image reference').fill(remote);
  await dialog.getByRole('button', { name: 'Preview the pull' }).click();

  const preview = dialog.getByTestId('pull-preview');
  await expect(preview).toBeVisible();
  await expect(preview.getByText('Download, compressed, exact')).toBeVisible();
  await expect(preview.getByText('Disk added, estimate')).toBeVisible();
  await expect(preview.getByTestId('pull-reused-layers')).toHaveText('1 layer');
  const rows = preview.getByTestId('pull-preview-layers').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-will-download', 'false');
  const newLayer = (await rows.nth(1).locator('code').getAttribute('title')) ?? '';
  const promised = blobBytes(newLayer);
  await expect(preview.getByTestId('pull-download-bytes')).toHaveAttribute(
    'data-bytes',
    String(promised),
  );
  await expect(preview.getByTestId('pull-shared-base')).toContainText('footprint-fixture/');
  await keepScreenshot(page, 'pull-preview');
  await expectNoSeriousA11yViolations(page);

  await dialog.getByRole('button', { name: /^Pull \(/ }).click();
  const progress = dialog.getByTestId('pull-progress');
  await expect(progress).toHaveAttribute('data-phase', 'pulling', { timeout: 30_000 });
  const bar = progress.getByTestId('pull-progress-bar');
  await expect(bar).toHaveAttribute('max', String(promised));
  // Part-way: some bytes in, not all.
  await expect
    .poll(async () => Number(await bar.evaluate((element: HTMLProgressElement) => element.value)))
    .toBeGreaterThan(0);
  await expect(progress.getByTestId('pull-rate')).toBeVisible();
  await keepScreenshot(page, 'pull-progress');

  await expect(progress).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  const result = progress.getByTestId('pull-result');
  await expect(result).toHaveAttribute('data-agrees', 'true');
  await expect(result.getByTestId('pull-result-downloaded')).toHaveAttribute(
    'data-bytes',
    String(promised),
  );
  await expect(result.getByTestId('pull-result-downloaded')).toContainText('1 already there');
  await expect(result.getByTestId('pull-result-disk')).toContainText(/[0-9]/);
  await expect(progress.getByTestId('pull-downloaded')).toHaveAttribute(
    'data-bytes',
    String(promised),
  );
  await keepScreenshot(page, 'pull-result');
  await dialog.getByRole('button', { name: 'Close' }).click();
  // The pulled image is in the list the page shows.
  await expect(page.locator('tbody').getByText(remote, { exact: true }).first()).toBeVisible();
});
