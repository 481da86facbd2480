import type {
  ContainerChanges,
  DuplicateDiff,
  DuplicateDiffsPage,
  ImageAnalysis,
  TreeListing,
  TreeSearch,
} from '@footprint/shared';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { changesImage } from '../../server/test/helpers/change-fixtures.js';
import { loadImages } from '../../server/test/helpers/fixtures.js';
import type { BuiltImage } from '../../server/test/helpers/image-archive.js';
import { PrivateEngine } from '../../server/test/helpers/private-engine.js';
import { manyFilesImage } from '../../server/test/helpers/waste-fixtures.js';
import { readEnvironment } from '../support/environment.js';
import { expectNoSeriousA11yViolations, keepScreenshot } from '../support/screenshots.js';

/*
 * The layer explorer against the real server: a layer of 100,000 files (100 directories of
 * 1,000; every tenth file 10 bytes) opened, expanded, searched and sorted; the fixture images'
 * hostile file names, waste figures, a container's writes and duplicates across images.
 */

const { baseURL, engine: engineState, fixtures } = readEnvironment();
test.use({ baseURL });

const engine = PrivateEngine.attach(engineState);
let many: BuiltImage;
let changed: BuiltImage;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  [many, changed] = (await loadImages(engine, [manyFilesImage(), changesImage])) as [
    BuiltImage,
    BuiltImage,
  ];
});

test.afterAll(async () => {
  if (many) await engine.docker(['rmi', many.id]);
  if (changed) await engine.docker(['rmi', changed.id]);
});

const hex = (id: string) => id.replace(/^sha256:/, '');

async function api<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

function row(tree: Locator, path: string): Locator {
  return tree.locator(`[role="treeitem"][data-path="${path}"]`);
}

/** The entries drawn in the tree, top to bottom, as [path, bytes]. */
async function drawnEntries(tree: Locator): Promise<[string, number][]> {
  return tree
    .locator('[role="treeitem"][data-path]')
    .evaluateAll((rows) =>
      rows.map((item) => [
        item.getAttribute('data-path') ?? '',
        Number(item.querySelector('[data-bytes]')?.getAttribute('data-bytes')),
      ]),
    ) as Promise<[string, number][]>;
}

test('opens a layer of 100,000 files: expands, scrolls, searches and sorts with the API’s numbers', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const id = hex(many.id);
  const root = await api<TreeListing>(page, `/api/images/${id}/tree?layer=0&view=layer`);
  expect(root.directory.fileCount).toBe(100_000);

  await page.goto(`/images/${id}/explorer?layer=0`);
  const tree = page.getByRole('tree');
  const top = row(tree, '/many');
  await expect(top).toBeVisible({ timeout: 60_000 });
  const [rootEntry] = root.entries;
  await expect(top.locator('[data-file-count]')).toHaveAttribute(
    'data-file-count',
    String(rootEntry?.fileCount),
  );
  await expect(top.locator('[data-bytes]')).toHaveAttribute(
    'data-bytes',
    String(rootEntry?.apparentBytes),
  );
  await expect(top).toContainText('100,000');
  await expect(page.locator('.layer-item[data-layer="0"]')).toHaveAttribute('aria-current', 'true');

  // Expand /many by clicking: its 100 directories, each with the API's figures.
  await top.click();
  await expect(top).toHaveAttribute('aria-expanded', 'true');
  await expect(tree).toHaveAttribute('data-row-count', '101');
  const dirs = await api<TreeListing>(page, `/api/images/${id}/tree?layer=0&view=layer&path=/many`);
  expect(dirs.total).toBe(100);
  const d000 = row(tree, '/many/d000');
  await expect(d000.locator('[data-file-count]')).toHaveAttribute('data-file-count', '1000');
  await expect(d000.locator('[data-bytes]')).toHaveAttribute(
    'data-bytes',
    String(dirs.entries[0]?.apparentBytes),
  );

  // Keyboard: ↓ to d000, → opens it, * opens every directory beside it: 100,100 files drawn
  // lazily, End goes to the very last one.
  await tree.focus();
  await page.keyboard.press('ArrowDown');
  await expect(d000).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(d000).toHaveAttribute('aria-expanded', 'true');
  await expect(row(tree, '/many/d000/f0000')).toBeVisible();
  await page.keyboard.press('*');
  await expect(tree).toHaveAttribute('data-row-count', String(1 + 100 + 100 * 1000));
  await page.keyboard.press('End');
  const last = row(tree, '/many/d099/f0999');
  await expect(last).toBeVisible();
  await expect(last).toHaveAttribute('aria-selected', 'true');
  expect(await tree.locator('[role="treeitem"]').count()).toBeLessThan(200);
  await keepScreenshot(page, 'layer-explorer-100k');
  // ← goes to the directory, ← again closes it.
  await page.keyboard.press('ArrowLeft');
  const d099 = row(tree, '/many/d099');
  await expect(d099).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(d099).toHaveAttribute('aria-expanded', 'false');
  await expect(tree).toHaveAttribute('data-row-count', String(1 + 100 + 99 * 1000));
  await expectNoSeriousA11yViolations(page);

  // Search: the match count is the API's; "Show in tree" opens the file's directory.
  const search = await api<TreeSearch>(
    page,
    `/api/images/${id}/tree/search?q=f0999&layer=0&view=layer`,
  );
  await page.getByLabel('Search by path').fill('f0999');
  const summary = page.locator('.search-summary');
  await expect(summary).toHaveAttribute('data-total', String(search.total));
  await expect(summary).toContainText('100 matches');
  const results = page.getByRole('table', { name: /matching the search/i });
  await expect(results.locator('tbody tr')).toHaveCount(search.entries.length);
  await expect(results.locator('tbody tr').first()).toContainText(
    search.entries[0]?.displayPath ?? '',
  );
  await expect(page).toHaveURL(/q=f0999/);
  await keepScreenshot(page, 'layer-explorer-search');
  await expectNoSeriousA11yViolations(page);
  await results.locator('tr[data-path="/many/d042/f0999"]').getByRole('button').click();
  await expect(page).toHaveURL(/path=%2Fmany%2Fd042/);
  await expect(tree).toHaveAttribute('data-row-count', '1000');

  // Sort by size: the rows come in the API's order, the ten-byte files first.
  await page.getByRole('radio', { name: 'Size' }).click();
  await expect(page).toHaveURL(/sort=size/);
  const sorted = await api<TreeListing>(
    page,
    `/api/images/${id}/tree?layer=0&view=layer&path=/many/d042&sort=size&order=desc&limit=40`,
  );
  await expect(row(tree, sorted.entries[0]?.path ?? '')).toBeVisible();
  const drawn = (await drawnEntries(tree)).slice(0, 20);
  expect(drawn).toEqual(
    sorted.entries.slice(0, 20).map((entry) => [entry.path, entry.apparentBytes]),
  );
  expect(drawn.every(([, bytes]) => bytes === 10)).toBe(true);
  await keepScreenshot(page, 'layer-explorer-sorted');
});

test('shows hostile file names as inert text, symlink targets and hard links', async ({ page }) => {
  const id = hex(fixtures.images.baseAlpha.id);
  const listing = await api<TreeListing>(page, `/api/images/${id}/tree?path=/usr/share/doc`);
  await page.goto(`/images/${id}/explorer?path=%2Fusr%2Fshare%2Fdoc`);
  const tree = page.getByRole('tree');
  await expect(tree.locator('[role="treeitem"][data-path]')).toHaveCount(listing.total);
  const names = await tree.locator('.tree-name').allTextContents();
  expect(names).toContain('line\\nbreak.txt');
  // "<script>alert(1)</script>.txt" is a directory "<script>alert(1)<" holding "script>.txt".
  expect(names).toContain('<script>alert(1)<');
  expect(names).toContain('ünïcødé-名前.txt');
  expect(names).toEqual(listing.entries.map((entry) => entry.name));
  // Nothing became markup; the long name is cut on screen, whole in its tooltip.
  expect(await tree.locator('script').count()).toBe(0);
  const markup = row(tree, '/usr/share/doc/<script>alert(1)<');
  await markup.click();
  await expect(row(tree, '/usr/share/doc/<script>alert(1)</script>.txt')).toContainText(
    'script>.txt',
  );
  expect(await page.locator('script:not([src]):not([type])').count()).toBe(0);
  const long = tree.locator('.tree-name', { hasText: 'long-long-' });
  await expect(long).toHaveAttribute('title', `${'long-'.repeat(40)}name.txt`);
  expect(await long.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await keepScreenshot(page, 'layer-explorer-hostile-names');
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('button', { name: 'usr', exact: true }).click();
  await row(tree, '/usr/lib').click();
  await expect(row(tree, '/usr/lib/escape')).toContainText('../../../../../../etc/shadow');
  await expect(row(tree, '/usr/lib/alpha-hardlink.bin')).toContainText('hard link');
  await expect(row(tree, '/usr/lib/alpha-symlink')).toContainText('/usr/lib/alpha.bin');
});

test('filters by change type, shows mode and UID:GID, and the layer that last changed each entry', async ({
  page,
}) => {
  const id = hex(changed.id);
  await page.goto(`/images/${id}/explorer`);
  const tree = page.getByRole('tree');
  // /tmp was written in layer 3 of 6: unchanged through the top, last changed in layer 3.
  const tmp = row(tree, '/tmp');
  await expect(tmp).toHaveAttribute('data-change', 'unchanged');
  const last = tmp.locator('[data-last-layer]');
  await expect(last).toHaveAttribute('data-last-layer', '3');
  await expect(last).toHaveAttribute('data-last-change', 'modified');
  await expect(last).toHaveAttribute(
    'title',
    'Last changed in layer 3 (modified): RUN write /tmp/cache.bin',
  );
  await expect(tmp.locator('[data-mode]')).toHaveText('drwxrwxrwt');
  await expect(tmp.locator('[data-owner]')).toHaveText('0:0');

  // Only what the top layer did: /srv.
  // The filter lives in the URL: a click, then the box follows once the URL has changed.
  const filter = page.getByRole('group', { name: 'Show changes' });
  await filter.getByRole('checkbox', { name: /unchanged/ }).click();
  await expect(filter.getByRole('checkbox', { name: /unchanged/ })).not.toBeChecked();
  await expect(page).toHaveURL(/changes=added%2Cmodified%2Cdeleted/);
  await expect(row(tree, '/srv')).toBeVisible();
  await expect(tree.locator('[role="treeitem"][data-path]')).toHaveCount(1);

  // Layer 2's own tree, modified only: /etc/app.conf, chmod 600 and chown 1000:2000.
  await page.locator('[data-layer="2"]').click();
  await expect(page).toHaveURL(/layer=2/);
  await filter.getByRole('checkbox', { name: /added/ }).click();
  await expect(filter.getByRole('checkbox', { name: /added/ })).not.toBeChecked();
  await filter.getByRole('checkbox', { name: /deleted/ }).click();
  await expect(filter.getByRole('checkbox', { name: /deleted/ })).not.toBeChecked();
  await expect(filter.getByRole('checkbox', { name: /modified/ })).toBeDisabled();
  await expect(filter.getByRole('checkbox', { name: /unchanged/ })).toHaveCount(0);
  await row(tree, '/etc').click();
  const conf = row(tree, '/etc/app.conf');
  await expect(conf).toHaveAttribute('data-change', 'modified');
  await expect(conf.locator('[data-mode]')).toHaveText('-rw-------');
  await expect(conf.locator('[data-owner]')).toHaveText('1000:2000');
  await expect(tree.locator('[role="treeitem"][data-path]')).toHaveCount(2);

  // Layer 4 deleted /data/drop.txt: a whiteout, with no mode or owner of its own.
  await page.goto(`/images/${id}/explorer?layer=4&changes=deleted&path=%2Fdata`);
  const drop = row(tree, '/data/drop.txt');
  await expect(drop).toHaveAttribute('data-change', 'deleted');
  await expect(drop.locator('[data-owner]')).toHaveText('none');
  await expect(drop.locator('[data-owner]')).toHaveAttribute('title', /^A whiteout has no mode/);
  await expect(tree.locator('[role="treeitem"][data-path]')).toHaveCount(1);
  await keepScreenshot(page, 'layer-explorer-change-filter');
  await expectNoSeriousA11yViolations(page);
});

test('fits a phone: at 390 px the page never scrolls sideways, the tree scrolls in its own box', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const id = hex(changed.id);
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  for (const query of ['', '?layer=2', '?path=%2Ftmp', '?tab=waste', '?q=.t']) {
    await page.goto(`/images/${id}/explorer${query}`);
    await expect(
      page
        .locator(
          '[role="tree"] [role="treeitem"][data-path], [data-figure="reclaimable"], .search-summary',
        )
        .first(),
    ).toBeVisible();
    expect(await pageWidth(), `explorer${query}`).toBeLessThanOrEqual(390);
  }
  // Every column is still there, a sideways scroll of the tree away.
  await page.goto(`/images/${id}/explorer`);
  const tmp = row(page.getByRole('tree'), '/tmp');
  await expect(tmp).toBeVisible();
  const wide = page.locator('.file-tree-wide');
  await wide.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  expect(await wide.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  const owner = tmp.locator('[data-owner]');
  const ownerRight = async () => await owner.evaluate((el) => el.getBoundingClientRect().right);
  expect(await ownerRight()).toBeGreaterThan(390);
  await wide.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await expect.poll(ownerRight).toBeLessThanOrEqual(390);
  await expect(owner).toBeInViewport();
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  await keepScreenshot(page, 'layer-explorer-phone');

  await page.goto(`/containers/${fixtures.stoppedContainerId}/changes`);
  await expect(page.locator('[data-written-bytes]')).toBeVisible();
  expect(await pageWidth(), 'container changes').toBeLessThanOrEqual(390);
});

test('waste: dive’s score and the bytes squashing reclaims, as the API reports them', async ({
  page,
}) => {
  const id = hex(fixtures.images.appTwo.id);
  const analysis = await api<ImageAnalysis>(page, `/api/images/${id}/analysis`);
  expect(analysis.reclaimableBytes).toBeGreaterThan(0);
  await page.goto(`/images/${id}/explorer`);
  await page.getByRole('radio', { name: 'Waste' }).click();
  await expect(page).toHaveURL(/tab=waste/);

  const dive = page.locator('[data-figure="dive-efficiency"]');
  await expect(dive).toHaveAttribute('data-value', String(analysis.dive.efficiency));
  await expect(dive.locator('dd').first()).toHaveText(
    `${(analysis.dive.efficiency * 100).toFixed(4)} %`,
  );
  await expect(dive).toContainText('dive efficiency');
  const reclaimable = page.locator('[data-figure="reclaimable"]');
  await expect(reclaimable).toHaveAttribute('data-bytes', String(analysis.reclaimableBytes));
  await expect(reclaimable.locator('.bytes')).toHaveAttribute(
    'title',
    `${analysis.reclaimableBytes.toLocaleString('en-US')} bytes`,
  );
  await expect(reclaimable).toContainText(/squashing/i);

  const files = page.getByRole('table', { name: /wasted files/i }).locator('tbody tr');
  await expect(files).toHaveCount(analysis.wastedFiles.length);
  const biggest = [...analysis.wastedFiles].sort((a, b) => b.reclaimableBytes - a.reclaimableBytes);
  await expect(files.first()).toHaveAttribute('data-path', biggest[0]?.path ?? '');
  await expect(files.first()).toContainText(/deleted|hidden|overwritten/);

  const json = page.getByRole('link', { name: 'Analysis as JSON' });
  await expect(json).toHaveAttribute('href', `/api/images/${id}/analysis`);
  await keepScreenshot(page, 'layer-explorer-waste');
  await expectNoSeriousA11yViolations(page);
});

test('container changes: what the stopped container wrote, biggest first', async ({ page }) => {
  const changes = await api<ContainerChanges>(
    page,
    `/api/containers/${fixtures.stoppedContainerId}/changes`,
  );
  await page.goto('/containers');
  await page.getByRole('link', { name: /footprint-stopped/ }).click();
  await expect(page).toHaveURL(new RegExp(`/containers/${fixtures.stoppedContainerId}/changes`));
  const rows = page.getByRole('table', { name: /added, changed or deleted/i }).locator('tbody tr');
  await expect(rows).toHaveCount(changes.changes.length);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-path')))).toEqual(
    changes.changes.map((change) => change.path),
  );
  const expectRow = async (path: string, change: string, bytes?: number) => {
    const found = rows.and(page.locator(`[data-path="${path}"]`));
    await expect(found).toHaveAttribute('data-change', change);
    await expect(found).toContainText(change);
    if (bytes !== undefined)
      await expect(found.locator('[data-bytes]')).toHaveAttribute('data-bytes', String(bytes));
  };
  await expectRow('/tmp/blob', 'added', 64_000);
  await expectRow('/added.txt', 'added', 'added\n'.length);
  await expectRow('/etc/motd', 'changed');
  await expectRow('/etc/deleted-later', 'deleted');
  // The image by its tag, not 12 hex digits; the same order as the API's, load after load.
  const imageLink = page.locator('[data-image-id]');
  await expect(imageLink).toHaveAttribute('data-image-id', changes.imageId);
  await expect(imageLink).toHaveText(changes.imageTags[0] ?? '');
  expect(changes.imageTags.length).toBeGreaterThan(0);
  await page.reload();
  await expect(rows).toHaveCount(changes.changes.length);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-path')))).toEqual(
    changes.changes.map((change) => change.path),
  );
  await expect(page.locator('[data-written-bytes]')).toHaveAttribute(
    'data-written-bytes',
    String(changes.writtenBytes),
  );
  await keepScreenshot(page, 'container-changes');
  await expectNoSeriousA11yViolations(page);
});

test('duplicates across images: the diff stored under two chains, the same on the overview', async ({
  page,
}) => {
  const appOneDiff = fixtures.images.appOne.diffIds[1] as string;
  // The disk figures come from the first scan: the API says when they are there.
  let expected: DuplicateDiff | undefined;
  await expect
    .poll(
      async () => {
        const answer = await api<DuplicateDiffsPage>(
          page,
          '/api/duplicates/diffs?offset=0&limit=50',
        );
        expected = answer.diffs.find((diff) => diff.diffId === appOneDiff);
        return expected?.extraDiskBytes ?? null;
      },
      { timeout: 60_000 },
    )
    .not.toBeNull();
  expect(expected?.copies).toHaveLength(2);

  /** The figures and names a page shows for the app-one diff. */
  const shown = async (panel: string) => {
    const row = page.locator(`[data-panel="${panel}"] tr[data-diff-id="${appOneDiff}"]`);
    await expect(row).toHaveAttribute('data-engine-bytes', String(expected?.extraEngineBytes));
    await expect(row).toHaveAttribute('data-disk-bytes', String(expected?.extraDiskBytes));
    const cells = row.locator('td.num');
    return {
      // Both tables: copies or one copy, then extra engine, then extra on disk.
      engine: await cells.nth(1).innerText(),
      disk: await cells.nth(2).innerText(),
      names: (await row.getByRole('link').allInnerTexts()).sort(),
    };
  };
  await page.goto('/');
  const overview = await shown('duplicated-diffs');
  // Images by name, never a bare ID.
  expect(overview.names).toHaveLength(2);
  for (const name of overview.names) expect(name).toMatch(/^footprint-fixture\/|^registry\./);

  await page.goto('/duplicates');
  const duplicates = await shown('duplicate-diffs');
  expect(duplicates).toEqual(overview);
  await expect(
    page
      .getByRole('table', { name: /identical files/i })
      .or(page.getByText(/no identical files/i))
      .first(),
  ).toBeVisible();
  await keepScreenshot(page, 'duplicates');
  await expectNoSeriousA11yViolations(page);

  // Searched by image name, and filtered by image: in the URL, answered by the server.
  const row = page.locator(`[data-panel="duplicate-diffs"] tr[data-diff-id="${appOneDiff}"]`);
  await page.getByRole('searchbox', { name: 'Search' }).fill('app-on-beta');
  await expect(page).toHaveURL(/[?&]q=app-on-beta/);
  await expect(row).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search' }).fill('no-such-image-anywhere');
  await expect(page.getByText('No diff matches')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  await page.getByRole('combobox', { name: 'Image' }).selectOption(fixtures.images.baseAlpha.id);
  await expect(page).toHaveURL(
    new RegExp(`[?&]image=${fixtures.images.baseAlpha.id.replace(':', '(:|%3A)')}`),
  );
  await expect(page.getByText('No diff matches')).toBeVisible();
  await page.getByRole('combobox', { name: 'Image' }).selectOption(fixtures.images.appOnBeta.id);
  await expect(row).toBeVisible();
});
