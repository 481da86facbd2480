import type {
  BuildCacheList,
  ContainerList,
  ImageDetail,
  ImageList,
  LayerList,
  VolumeList,
} from '@footprint/shared';
import { expect, type Page, test } from '@playwright/test';
import { api, measuredDisk } from '../support/api.js';
import { readEnvironment } from '../support/environment.js';
import { expectNoSeriousA11yViolations, keepScreenshot } from '../support/screenshots.js';

const { baseURL, fixtures } = readEnvironment();
const fx = fixtures.images;
test.use({ baseURL });

const hex = (id: string) => id.replace(/^sha256:/, '');

function imageRows(page: Page) {
  return page.getByRole('table', { name: 'Images' }).locator('tbody tr[data-image-id]');
}

/** The rows on screen now: poll it (expect.poll), since the table renders after a change. */
async function rowIds(page: Page): Promise<string[]> {
  return imageRows(page).evaluateAll((rows) =>
    rows.map((row) => row.getAttribute('data-image-id') ?? ''),
  );
}

test('overview: data root on disk, engine figures beside it, reclaimable links', async ({
  page,
  request,
}) => {
  const disk = await measuredDisk(request);
  const { images } = await api<ImageList>(request, '/api/images');
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Overview' })).toHaveAttribute(
    'aria-current',
    'page',
  );

  const dataRoot = page.locator('[data-figure="data-root"]');
  await expect(dataRoot).toHaveAttribute('data-disk-bytes', String(disk.dataRoot?.diskBytes));
  const engineTotal =
    disk.images.totalBytes +
    disk.containers.totalBytes +
    disk.volumes.totalBytes +
    disk.buildCache.totalBytes;
  await expect(page.locator('[data-figure="engine"]')).toHaveAttribute(
    'data-bytes',
    String(engineTotal),
  );

  const footprint = page.getByRole('table', { name: 'Data root by category' });
  await expect(footprint.locator('tr[data-category="volumes"] td').first()).toHaveAttribute(
    'data-bytes',
    String(disk.volumes.totalBytes),
  );
  const volumesPart = disk.dataRoot?.parts.find((part) => part.kind === 'volumes');
  await expect(footprint.locator('tr[data-category="volumes"] td').nth(1)).toHaveAttribute(
    'data-disk-bytes',
    String(volumesPart?.diskBytes ?? 0),
  );
  // Every on-disk row is there once the layers and containers are in; they add up to the total.
  await expect(footprint.locator('tr[data-category="image-unique"] [data-disk-bytes]')).toHaveCount(
    1,
  );
  await expect(footprint.locator('tr[data-category="logs"] [data-disk-bytes]')).toHaveCount(1);
  // Polled: the rows come from several answers, each rendered when it lands.
  await expect
    .poll(() =>
      footprint
        .locator('td[data-disk-bytes]')
        .evaluateAll((cells) =>
          cells.reduce((sum, cell) => sum + Number(cell.getAttribute('data-disk-bytes')), 0),
        ),
    )
    .toBe(disk.dataRoot?.diskBytes);
  await expect(page.locator('figure.chart svg.chart-surface')).toBeVisible();

  // Top images by unique bytes: the API's biggest first.
  const top = [...images].sort((a, b) => b.uniqueSize - a.uniqueSize)[0];
  await expect(
    page.getByRole('table', { name: 'Top images by unique bytes' }).locator('tbody tr').first(),
  ).toHaveAttribute('data-image-id', top?.id ?? '');
  await expect(page.getByText('Data root', { exact: true }).first()).toBeVisible();
  await keepScreenshot(page, 'overview');
  await expectNoSeriousA11yViolations(page);

  // "Unused images" leads to the list of what it would remove.
  await page.locator('[data-kind="unused-images"] a').click();
  await expect(page).toHaveURL(/\/images\?filter=unused$/);
  const unused = images.filter((image) => image.containers === 0).map((image) => image.id);
  await expect(imageRows(page)).toHaveCount(unused.length);
  await expect.poll(async () => (await rowIds(page)).sort()).toEqual([...unused].sort());
});

test('images: search, filters, sort, selection and roll-up live in the URL', async ({
  page,
  request,
}) => {
  const { images } = await api<ImageList>(request, '/api/images');
  await page.goto('/images');
  await expect(imageRows(page)).toHaveCount(images.length);

  // Search by tag.
  await page.getByLabel('Search').fill('app-on-beta');
  await expect(imageRows(page)).toHaveCount(1);
  await expect.poll(() => rowIds(page)).toEqual([fx.appOnBeta.id]);
  // Search by ID prefix and by digest-less ID with "sha256:".
  await page.getByLabel('Search').fill(fx.busybox.id.slice(0, 17));
  await expect.poll(() => rowIds(page)).toEqual([fx.busybox.id]);
  await page.getByLabel('Search').fill('');

  // Filters.
  await page.getByRole('radio', { name: 'Dangling' }).click();
  await expect(imageRows(page)).toHaveCount(images.filter((image) => image.dangling).length);
  await expect.poll(() => rowIds(page)).toContain(fx.replaced.id);
  await page.getByRole('radio', { name: 'In use' }).click();
  await expect
    .poll(async () => (await rowIds(page)).sort())
    .toEqual(
      images
        .filter((image) => image.containers > 0)
        .map((image) => image.id)
        .sort(),
    );
  await page.getByRole('radio', { name: 'All', exact: true }).click();
  await page.getByLabel('Repository', { exact: true }).selectOption('footprint-fixture/app');
  await expect
    .poll(async () => (await rowIds(page)).sort())
    .toEqual([fx.appOne.id, fx.appTwo.id].sort());
  await page.getByLabel('Repository', { exact: true }).selectOption('');

  // Sort by created, ascending after two clicks.
  const table = page.getByRole('table', { name: 'Images' });
  await table.getByRole('button', { name: /^Created/ }).click();
  await table.getByRole('button', { name: /^Created/ }).click();
  await expect(page).toHaveURL(/sort=created&dir=asc/);
  const created = [...images]
    .sort((a, b) => Date.parse(a.created) - Date.parse(b.created))
    .map((image) => Date.parse(image.created));
  // The URL changes first; the router renders the new order in a transition just after.
  await expect
    .poll(() =>
      imageRows(page).evaluateAll((rows) =>
        rows.map((row) => Date.parse(row.querySelector('time')?.getAttribute('datetime') ?? '')),
      ),
    )
    .toEqual(created);

  // Multi-select: a click, then shift-click selects the range.
  const ids = await rowIds(page);
  await imageRows(page).nth(0).getByRole('checkbox').click();
  await imageRows(page)
    .nth(2)
    .getByRole('checkbox')
    .click({ modifiers: ['Shift'] });
  await expect(page.locator('tr[data-selected]')).toHaveCount(3);
  await expect(page.getByTestId('selection-bar')).toContainText('3 selected');
  // Keyboard: Space on a focused row toggles it.
  await imageRows(page).nth(3).focus();
  await page.keyboard.press('Space');
  await expect(page.locator('tr[data-selected]')).toHaveCount(4);
  await page.keyboard.press('ArrowDown');
  await expect(imageRows(page).nth(4)).toBeFocused();

  // The shared URL reproduces the view.
  const url = page.url();
  expect(url).toContain('sel=');
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.locator('tr[data-selected]')).toHaveCount(4);
  await expect.poll(() => rowIds(page)).toEqual(ids);
  const selected = await page
    .locator('tr[data-selected]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-image-id')));
  expect(selected.sort()).toEqual(ids.slice(0, 4).sort());
  await keepScreenshot(page, 'images');
  await expectNoSeriousA11yViolations(page);

  // Roll-up: all tags of footprint-fixture/app together.
  await page.getByRole('radio', { name: 'By repository' }).click();
  const app = page.locator('tr[data-repository="footprint-fixture/app"]');
  await expect(app).toContainText('1');
  await expect(app).toContainText('latest');
  await expect(app.locator('td').last()).toHaveText('2');
  const layers = await api<LayerList>(request, '/api/layers');
  const appIds = new Set([fx.appOne.id, fx.appTwo.id]);
  const union = layers.layers
    .filter((layer) => layer.images.some((id) => appIds.has(id)))
    .reduce((sum, layer) => sum + (layer.size ?? 0), 0);
  const only = layers.layers
    .filter((layer) => layer.images.every((id) => appIds.has(id)))
    .reduce((sum, layer) => sum + (layer.size ?? 0), 0);
  await expect(app.locator('td[data-column="size"]')).toHaveAttribute('data-bytes', String(union));
  await expect(app.locator('td[data-column="uniqueSize"]')).toHaveAttribute(
    'data-bytes',
    String(only),
  );
  await keepScreenshot(page, 'images-by-repository');
  await expectNoSeriousA11yViolations(page);
});

test('images: On disk adds up the layer directories the image detail lists', async ({
  page,
  request,
}) => {
  // The list has no chain IDs: the page finds an image's layers in GET /api/layers.
  await measuredDisk(request);
  const ids = [fx.appOne.id, fx.appTwo.id, fx.appOnBeta.id];
  const expected = await Promise.all(
    ids.map(async (id) => {
      const detail = await api<ImageDetail>(request, `/api/images/${id}`);
      return detail.layers.reduce((sum, layer) => sum + (layer.diskBytes ?? Number.NaN), 0);
    }),
  );
  await page.goto('/images?q=footprint-fixture%2Fapp');
  for (const [index, id] of ids.entries()) {
    await expect(
      page.locator(`tr[data-image-id="${id}"] td[data-column="diskBytes"]`),
    ).toHaveAttribute('data-disk-bytes', String(expected[index]));
  }
});

test('image detail: layers bottom to top with their steps, sharing and history', async ({
  page,
  request,
}) => {
  await measuredDisk(request);
  const detail = await api<ImageDetail>(request, `/api/images/${fx.appOne.id}`);
  await page.goto('/images');
  await page.locator(`tr[data-image-id="${fx.appOne.id}"] a.image-id`).click();
  await expect(page).toHaveURL(new RegExp(`/images/${hex(fx.appOne.id)}$`));
  const layers = page.getByRole('table', { name: 'Layers, bottom to top' });
  await expect(layers.locator('tbody tr')).toHaveCount(detail.layers.length);
  for (const layer of detail.layers) {
    const row = layers.locator(`tr[data-chain-id="${layer.chainId}"]`);
    await expect(row.locator('td[data-bytes]')).toHaveAttribute('data-bytes', String(layer.size));
    if (layer.diskBytes !== null) {
      await expect(row.locator('td[data-disk-bytes]')).toHaveAttribute(
        'data-disk-bytes',
        String(layer.diskBytes),
      );
    }
  }
  await expect(layers.locator('tbody tr').nth(0)).toContainText('ADD alpha-rootfs.tar /');
  await expect(layers.locator('tbody tr').nth(1)).toContainText('COPY app-one /app');
  // The base layer is shared: a link to the base image.
  await expect(
    layers.locator('tbody tr').nth(0).getByRole('link', { name: 'footprint-fixture/base-alpha:1' }),
  ).toBeVisible();
  const history = page.getByRole('table', { name: 'History, oldest first' });
  await expect(history.locator('tbody tr')).toHaveCount(detail.history.length);
  await expect(history.locator('tr[data-empty-layer]')).toHaveCount(
    detail.history.filter((entry) => entry.emptyLayer === true).length,
  );
  await expect(history).toContainText('ENV MODE=one');
  await expect(page.getByText(detail.graphDriver.upperDir ?? '—')).toBeVisible();
  await keepScreenshot(page, 'image-detail');
  await expectNoSeriousA11yViolations(page);
});

test('layer tree: shared chains, collapse, focus in the URL; reuse view', async ({
  page,
  request,
}) => {
  const list = await api<LayerList>(request, '/api/layers');
  const base = list.layers.find((layer) => layer.topOf.includes(fx.baseAlpha.id));
  expect(base).toBeDefined();
  await page.goto('/layers');
  const tree = page.getByRole('tree', { name: 'Layer tree' });
  const node = tree.locator(`[data-chain-id="${base?.chainId}"]`);
  await expect(node).toHaveAttribute('data-images-above', String(base?.images.length));
  await expect(node).toHaveAttribute('data-size', String(base?.size));
  await expect(node).toHaveAttribute('aria-expanded', 'true');
  // app:1 and app:2 sit above the alpha base.
  await expect(node.getByRole('link', { name: 'footprint-fixture/app:1' }).first()).toBeVisible();
  await expect(node.getByRole('link', { name: 'footprint-fixture/app:2' })).toBeVisible();
  await node.getByRole('button', { name: 'Collapse' }).first().click();
  await expect(node).toHaveAttribute('aria-expanded', 'false');
  await expect(node.getByRole('link', { name: 'footprint-fixture/app:2' })).toHaveCount(0);
  await node.getByRole('button', { name: 'Expand' }).first().click();
  await keepScreenshot(page, 'layer-tree');
  await expectNoSeriousA11yViolations(page);

  // Focus on the base: the URL keeps it, a reload shows the same subtree.
  await node.locator('.tree-node').first().click();
  await expect(page).toHaveURL(new RegExp(`focus=${hex(base?.chainId ?? '')}`));
  await page.reload();
  await expect(tree.locator('[role="treeitem"]').first()).toHaveAttribute(
    'data-chain-id',
    base?.chainId ?? '',
  );
  await expect(tree.locator(':scope > [role="treeitem"]')).toHaveCount(1);

  // Reuse: what sharing saves, from the same layers.
  await page.getByRole('radio', { name: 'Shared-layer reuse' }).click();
  const alone = list.layers.reduce(
    (sum, layer) => sum + (layer.size ?? 0) * layer.images.length,
    0,
  );
  const once = list.layers.reduce((sum, layer) => sum + (layer.size ?? 0), 0);
  await expect(page.locator('[data-figure="saved"]')).toHaveAttribute(
    'data-bytes',
    String(alone - once),
  );
  const top = page.getByRole('table', { name: 'Layers shared by the most images' });
  await expect(top.locator('tbody tr').first()).toHaveAttribute(
    'data-chain-id',
    [...list.layers].sort((a, b) => b.images.length - a.images.length)[0]?.chainId ?? '',
  );
  await keepScreenshot(page, 'layer-reuse');
  await expectNoSeriousA11yViolations(page);
});

test('containers, volumes and build cache list sizes and what uses what', async ({
  page,
  request,
}) => {
  await measuredDisk(request);
  const { containers } = await api<ContainerList>(request, '/api/containers');
  await page.goto('/containers');
  const table = page.getByRole('table', { name: 'Containers' });
  await expect(table.locator('tbody tr')).toHaveCount(containers.length);
  const stopped = containers.find((container) => container.id === fixtures.stoppedContainerId);
  const row = table.locator(`tr[data-container-id="${fixtures.stoppedContainerId}"]`);
  await expect(row.locator('td[data-bytes]')).toHaveAttribute(
    'data-bytes',
    String(stopped?.sizeRw),
  );
  await expect(row).toContainText('footprint-stopped');
  await keepScreenshot(page, 'containers');
  await expectNoSeriousA11yViolations(page);

  const { volumes } = await api<VolumeList>(request, '/api/volumes');
  await page.goto('/volumes?filter=unused');
  const volumeTable = page.getByRole('table', { name: 'Volumes' });
  await expect(volumeTable.locator('tbody tr')).toHaveCount(
    volumes.filter((volume) => volume.containers.length === 0).length,
  );
  await page.getByRole('radio', { name: 'All' }).click();
  const used = volumeTable.locator('tr[data-volume="footprint-used"]');
  await expect(used).toContainText('footprint-volume-user');
  await expect(used.locator('td[data-bytes]')).toHaveAttribute(
    'data-bytes',
    String(volumes.find((volume) => volume.name === 'footprint-used')?.size),
  );
  await keepScreenshot(page, 'volumes');
  await expectNoSeriousA11yViolations(page);

  const { records } = await api<BuildCacheList>(request, '/api/build-cache');
  await page.goto('/build-cache');
  const cache = page.getByRole('table', { name: 'Build cache records' });
  await expect(cache.locator('tbody tr')).toHaveCount(records.length);
  const total = records.reduce((sum, record) => sum + record.size, 0);
  await expect(page.locator('.toolbar-summary [data-bytes]')).toHaveAttribute(
    'data-bytes',
    String(total),
  );
  await keepScreenshot(page, 'build-cache');
  await expectNoSeriousA11yViolations(page);
});

test('report page prints without the navigation', async ({ page, request }) => {
  await measuredDisk(request);
  await page.goto('/report');
  await expect(page.getByRole('heading', { name: 'Docker disk footprint report' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Data root by category' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Repositories' })).toBeVisible();
  await keepScreenshot(page, 'report');
  await expectNoSeriousA11yViolations(page);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeHidden();
  await keepScreenshot(page, 'report-print');
});

test('the theme toggle: follows the system until chosen, remembered, applied before the app runs', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await expect(page.getByRole('radio', { name: 'System' })).toBeChecked();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme');
  expect(await background()).toBe('rgb(20, 23, 28)');

  await page.getByRole('radio', { name: 'Light' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe('rgb(245, 246, 248)');

  // Without the app's script at all, the choice is on the page: the blocking script in <head>
  // put it there, before the first paint.
  await page.route('**/assets/*.js', (route) => route.abort());
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe('rgb(245, 246, 248)');
  await page.unroute('**/assets/*.js');

  await page.reload();
  await expect(page.getByRole('radio', { name: 'Light' })).toBeChecked();
  await page.getByRole('radio', { name: 'System' }).check();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme');
  expect(await background()).toBe('rgb(20, 23, 28)');
});

test('overview chart: every bar labelled with its figure, a log scale that says so', async ({
  page,
  request,
}) => {
  await measuredDisk(request);
  await page.goto('/');
  const chart = page.locator('[data-panel="footprint"] figure.chart');
  const surface = chart.locator('svg.chart-surface');
  const table = page.getByRole('table', { name: 'Data root by category' });
  await expect(surface).toBeVisible();
  const categories = await table.locator('tbody tr').count();
  // Two labels per category (engine, on disk), each the table's figure or why there is none.
  const labels = surface.locator('text.chart-value-label');
  await expect(labels).toHaveCount(categories * 2);
  const shown = await table
    .locator('tbody tr td')
    .evaluateAll((cells) =>
      cells.map((cell) => cell.querySelector('[aria-hidden="true"]')?.textContent ?? null),
    );
  const labelled = await labels.allTextContents();
  for (const figure of shown) if (figure !== null) expect(labelled).toContain(figure);
  await expect(surface).toContainText('Bytes, linear scale');

  await chart.getByRole('radio', { name: 'Log' }).check();
  await expect(surface).toContainText(/Bytes, log scale: gridlines ×(10|1000) apart/);
  await expect(labels).toHaveCount(categories * 2);
  await keepScreenshot(page, 'overview-log-scale');
});

test('headings step down: the page h1 above the panels’ h2', async ({ page }) => {
  await page.goto(`/images/${fx.appTwo.id}`);
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.locator('h2').first()).toBeVisible();
  const [h1, h2] = await Promise.all(
    ['h1', 'h2'].map((selector) =>
      page
        .locator(selector)
        .first()
        .evaluate((heading) => parseFloat(getComputedStyle(heading).fontSize)),
    ),
  );
  expect(h1).toBeGreaterThanOrEqual(20);
  expect(h1).toBeGreaterThan((h2 ?? 0) + 3);
});
