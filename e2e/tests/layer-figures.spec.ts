import type { ImageList, LayerList } from '@footprint/shared';
import { expect, type Page, test } from '@playwright/test';
import { api, measuredDisk } from '../support/api.js';
import { readEnvironment } from '../support/environment.js';

const { baseURL } = readEnvironment();
test.use({ baseURL });

/** The layer figures as the layers and images pages make them, from the whole list. */
async function listSums(request: Parameters<typeof api>[0]) {
  const { layers } = await api<LayerList>(request, '/api/layers');
  const { images } = await api<ImageList>(request, '/api/images');
  const engineBytes = (held: (layer: LayerList['layers'][number]) => boolean) =>
    layers.filter(held).reduce((total, layer) => total + (layer.size ?? 0), 0);
  const diskBytes = (held: (layer: LayerList['layers'][number]) => boolean) =>
    layers.filter(held).reduce((total, layer) => total + (layer.diskBytes ?? 0), 0);
  const unused = new Set(images.filter((image) => image.containers === 0).map((i) => i.id));
  const alone = (layer: LayerList['layers'][number]) => layer.images.length === 1;
  const shared = (layer: LayerList['layers'][number]) => layer.images.length > 1;
  return {
    unique: { engine: engineBytes(alone), disk: diskBytes(alone) },
    shared: { engine: engineBytes(shared), disk: diskBytes(shared) },
    unusedFreed: engineBytes((layer) => layer.images.every((id) => unused.has(id))),
  };
}

async function expectLayerFigures(page: Page, sums: Awaited<ReturnType<typeof listSums>>) {
  const footprint = page.getByRole('table', { name: 'Data root by category' });
  for (const [category, sum] of [
    ['image-unique', sums.unique],
    ['image-shared', sums.shared],
  ] as const) {
    const cells = footprint.locator(`tr[data-category="${category}"] td`);
    await expect(cells.first()).toHaveAttribute('data-bytes', String(sum.engine));
    await expect(cells.nth(1)).toHaveAttribute('data-disk-bytes', String(sum.disk));
  }
  await expect(page.locator('[data-kind="unused-images"] .reclaimable-bytes')).toHaveAttribute(
    'data-bytes',
    String(sums.unusedFreed),
  );
}

test('the layer figures are the layer list’s sums on the overview and the report, and the overview asks only for their summary', async ({
  page,
  request,
}) => {
  await measuredDisk(request);
  const sums = await listSums(request);
  const asked: string[] = [];
  page.on('request', (sent) => asked.push(new URL(sent.url()).pathname));

  await page.goto('/');
  await expectLayerFigures(page, sums);
  expect(asked).toContain('/api/layers/summary');
  // The 3 MB list at 2,000 images is not on the first screen.
  expect(asked).not.toContain('/api/layers');

  await page.goto('/report');
  await expect(page.getByRole('heading', { name: 'Docker disk footprint report' })).toBeVisible();
  await expectLayerFigures(page, sums);
});
