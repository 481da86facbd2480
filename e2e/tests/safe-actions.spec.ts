import type { ImageList, PrunePreview, PruneRequest, RemovalPreview } from '@footprint/shared';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { DashboardServer } from '../../server/test/helpers/dashboard-server.js';
import { loadImages } from '../../server/test/helpers/fixtures.js';
import {
  type BuiltImage,
  type ImageSpec,
  seededBytes,
} from '../../server/test/helpers/image-archive.js';
import { PrivateEngine } from '../../server/test/helpers/private-engine.js';
import { readEnvironment } from '../support/environment.js';
import { expectNoSeriousA11yViolations, keepScreenshot } from '../support/screenshots.js';

/*
 * Issue 5, safe actions, in the browser. Other spec files rely on the standard fixtures, so
 * everything removed here is loaded here (images labelled footprint.e2e=safe-actions, and
 * containers created from them); prunes filter on that label, which no standard fixture has.
 */

const { baseURL, engine: engineState, fixtures, token } = readEnvironment();
const engine = PrivateEngine.attach(engineState);
test.use({ baseURL });
test.describe.configure({ mode: 'serial' });

const ownLabel = 'footprint.e2e=safe-actions';
const labels = { 'footprint.e2e': 'safe-actions' };
const repo = 'footprint-e2e';

function spec(tags: string[], name: string, size: number): ImageSpec {
  return {
    tags,
    labels,
    layers: [
      {
        createdBy: `COPY ${name}.bin /data/`,
        entries: [{ type: 'file', path: `data/${name}.bin`, content: seededBytes(name, size) }],
      },
    ],
  };
}

const specs = {
  selectA: spec([`${repo}/select:a`], 'e2e-select-a', 40_000),
  selectB: spec([`${repo}/select:b`], 'e2e-select-b', 30_000),
  detail: spec([`${repo}/detail:1`, `${repo}/detail:extra`], 'e2e-detail', 20_000),
  held: spec([`${repo}/held:1`], 'e2e-held', 10_000),
  pruneA: spec([`${repo}/prune:a`], 'e2e-prune-a', 50_000),
  pruneB: spec([`${repo}/prune:b`], 'e2e-prune-b', 25_000),
  live: spec([`${repo}/live:1`], 'e2e-live', 15_000),
};
let own: Record<keyof typeof specs, BuiltImage>;
const containers = ['footprint-e2e-held', 'footprint-e2e-prune'];

test.beforeAll(async () => {
  const names = Object.keys(specs) as (keyof typeof specs)[];
  const built = await loadImages(
    engine,
    names.map((name) => specs[name]),
  );
  own = Object.fromEntries(names.map((name, index) => [name, built[index]])) as typeof own;
  // Stopped containers of our own images: one holds an image, one goes with a prune.
  await engine.docker([
    'create',
    '--name',
    containers[0] as string,
    '--label',
    ownLabel,
    '--network',
    'none',
    `${repo}/held:1`,
    'true',
  ]);
  await engine.docker([
    'create',
    '--name',
    containers[1] as string,
    '--label',
    ownLabel,
    '--network',
    'none',
    `${repo}/prune:a`,
    'true',
  ]);
});

test.afterAll(async () => {
  // Only what this file made, whatever a failed test left behind.
  await engine.docker(['rm', '-f', ...containers]).catch(() => {});
  const ids = Object.values(own ?? {}).map((image) => image.id);
  for (const id of ids) await engine.docker(['rmi', '-f', id]).catch(() => {});
});

/** The printed URL, once per browser context: the server sets the session cookie. */
async function openWithToken(page: Page, base = baseURL) {
  await page.goto(`${base}/?token=${token}`);
  await expect(page).toHaveURL(`${base}/`);
}

const hex = (id: string) => id.replace(/^sha256:/, '');

async function imageIds(request: APIRequestContext): Promise<Set<string>> {
  const { images } = (await (await request.get('/api/images')).json()) as ImageList;
  return new Set(images.map((image) => image.id));
}

test('an image label holding <script> and bidi characters is shown inert', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  await openWithToken(page);
  await page.goto(`/images/${fixtures.images.appOne.id}`);
  const labelsPanel = page.locator('[data-panel="labels"]');
  const note = labelsPanel.locator('[data-label="org.example.note"] dd');
  const bidi = labelsPanel.locator('[data-label="org.example.bidi"] dd');
  await expect(note).toHaveText('<script>alert("label")</script>');
  await expect(bidi).toHaveText('safe\\u{202e}txt.exe');

  const injected = await page.evaluate(() => ({
    scripts: Array.from(document.querySelectorAll('script')).filter((script) =>
      (script.textContent ?? '').includes('alert('),
    ).length,
    inBody: document.body.querySelectorAll('script').length,
    override: (document.body.textContent ?? '').includes('\u202E'),
  }));
  expect(injected).toEqual({ scripts: 0, inBody: 0, override: false });
  expect(dialogs).toBe(0);
  await keepScreenshot(page, 'labels-inert');
  await expectNoSeriousA11yViolations(page);
});

test('follows docker tag and docker rmi from outside without a reload, and an engine restart', async ({
  page,
}) => {
  await openWithToken(page);
  const live = own.live;
  await page.goto(`/images?q=${hex(live.id).slice(0, 16)}`);
  const row = page.locator(`tr[data-image-id="${live.id}"]`);
  await expect(row).toContainText(`${repo}/live:1`);
  // A reload would lose this marker.
  await page.evaluate(() => Object.assign(window, { __noReload: true }));

  // Wait for what the page shows, with the default timeout: how soon it shows is a benchmark's
  // question, and a short timeout here only flakes on a loaded machine.
  await engine.docker(['tag', `${repo}/live:1`, `${repo}/live:moved`]);
  await expect(row).toContainText(`${repo}/live:moved`);
  await engine.docker(['rmi', `${repo}/live:moved`]);
  await expect(row).not.toContainText(`${repo}/live:moved`);

  await engine.stopDaemon();
  try {
    await expect(page.getByRole('alert').filter({ hasText: /not reachable/i })).toBeVisible({
      timeout: 20_000,
    });
    await keepScreenshot(page, 'live-engine-away');
  } finally {
    await engine.startDaemon();
  }
  await expect(page.getByRole('alert').filter({ hasText: /not reachable/i })).toHaveCount(0, {
    timeout: 20_000,
  });
  // Still live after the restart: the server re-attached to the engine's event stream.
  await engine.docker(['tag', `${repo}/live:1`, `${repo}/live:after-restart`]);
  await expect(row).toContainText(`${repo}/live:after-restart`);
  expect(await page.evaluate(() => (window as { __noReload?: boolean }).__noReload)).toBe(true);
  await keepScreenshot(page, 'live-engine-back');
});

test('removes the selected images after showing them and their bytes, with a result each', async ({
  page,
  request,
}) => {
  await openWithToken(page);
  const { selectA, selectB } = own;
  const sel = [selectA, selectB].map((image) => hex(image.id).slice(0, 12)).join(',');
  await page.goto(`/images?q=${repo}/select&sel=${sel}`);
  await page.getByRole('button', { name: 'Remove selected (2)…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Remove 2 images?' });
  await expect(dialog.locator('tr[data-image-id]')).toHaveCount(2);
  // The dialog asks the server when it opens; the API's own preview for the same two images,
  // asked now, says the same: per image and in total, engine bytes and on disk (du -B1).
  await expect(dialog.getByTestId('freed-bytes')).toBeVisible();
  const api = (await (
    await page.request.post('/api/images/remove/preview', {
      headers: { Origin: baseURL },
      data: { ids: [selectA.id, selectB.id] },
    })
  ).json()) as RemovalPreview;
  expect(api.disk.complete, api.disk.note ?? '').toBe(true);
  expect(api.images.map((item) => item.id).sort()).toEqual([selectA.id, selectB.id].sort());
  for (const item of api.images) {
    expect(item.bytes).toBeGreaterThan(0);
    expect(item.diskBytes).toBeGreaterThan(0);
    const row = dialog.locator(`tr[data-image-id="${item.id}"]`);
    await expect(row.locator('[data-bytes]')).toHaveAttribute('data-bytes', String(item.bytes));
    await expect(row.locator('[data-disk-bytes]')).toHaveAttribute(
      'data-disk-bytes',
      String(item.diskBytes),
    );
  }
  await expect(dialog.getByTestId('freed-bytes')).toHaveAttribute(
    'data-bytes',
    String(api.totalBytes),
  );
  await expect(dialog.getByTestId('freed-disk-bytes')).toHaveAttribute(
    'data-bytes',
    String(api.disk.totalBytes),
  );
  await expect(dialog.getByTestId('freed-disk-bytes')).toHaveAttribute('data-complete', 'true');
  await expect(dialog).toContainText('engine bytes, as the engine counts them');
  await expect(dialog).toContainText('on disk (du -B1');
  await expect(dialog.getByTestId('disk-note')).toHaveCount(0);
  await keepScreenshot(page, 'remove-selected-confirm');
  await expectNoSeriousA11yViolations(page);

  await dialog.getByRole('button', { name: 'Remove 2 images' }).click();
  const report = page.getByRole('dialog', { name: 'Removed 2 of 2 images' });
  await expect(report.locator('tr[data-outcome="removed"]')).toHaveCount(2);
  await expect(report.getByTestId('removed-engine-bytes')).toHaveAttribute(
    'data-bytes',
    String(api.totalBytes),
  );
  // What the data root lost, measured by the server before and after the removal.
  const lost = report.getByTestId('reclaimed-disk-bytes');
  await expect(lost).toContainText('The data root lost');
  await expect(lost).toContainText('measured before and after');
  expect(Number(await lost.getAttribute('data-bytes'))).toBeGreaterThan(0);
  await keepScreenshot(page, 'remove-selected-report');
  await report.getByRole('button', { name: 'Close' }).click();

  const ids = await imageIds(request);
  expect(ids.has(selectA.id) || ids.has(selectB.id)).toBe(false);
  await expect(page.locator(`tr[data-image-id="${selectA.id}"]`)).toHaveCount(0);
  await expect(page.getByTestId('selection-bar')).toHaveCount(0);
});

test('image page: untag one tag, then a refusal says what holds the image before force', async ({
  page,
  request,
}) => {
  await openWithToken(page);
  const { detail, held } = own;
  await page.goto(`/images/${detail.id}`);
  const actions = page.locator('[data-panel="image-actions"]');
  await actions.getByRole('button', { name: `Untag ${repo}/detail:extra` }).click();
  const untag = page.getByRole('dialog', { name: 'Untag?' });
  await expect(untag).toContainText('keeps its other tag:');
  await untag.getByRole('button', { name: 'Untag', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Untagged' })).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(actions.getByRole('button', { name: `Untag ${repo}/detail:extra` })).toHaveCount(0);

  // The last tag: the dialog warns that the image goes with it, and the bytes.
  await actions.getByRole('button', { name: `Untag ${repo}/detail:1` }).click();
  await expect(page.getByTestId('last-tag-warning')).toBeVisible();
  await keepScreenshot(page, 'untag-last-tag');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // One image from its own page: both measures before, the measured loss after.
  await actions.getByRole('button', { name: 'Remove image…' }).click();
  const single = page.getByRole('dialog', { name: 'Remove 1 image?' });
  const singleDisk = single.getByTestId('freed-disk-bytes');
  await expect(singleDisk).toHaveAttribute('data-complete', 'true');
  expect(Number(await singleDisk.getAttribute('data-bytes'))).toBeGreaterThan(0);
  expect(
    Number(await single.getByTestId('freed-bytes').getAttribute('data-bytes')),
  ).toBeGreaterThan(0);
  await single.getByRole('button', { name: 'Remove 1 image' }).click();
  const singleReport = page.getByRole('dialog', { name: 'Removed 1 of 1 image' });
  const singleLost = singleReport.getByTestId('reclaimed-disk-bytes');
  await expect(singleLost).toContainText('The data root lost');
  expect(Number(await singleLost.getAttribute('data-bytes'))).toBeGreaterThan(0);
  await singleReport.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('image-gone')).toBeVisible();
  expect((await imageIds(request)).has(detail.id)).toBe(false);

  // Held by a stopped container: the reason first, force only after it.
  await page.goto(`/images/${held.id}`);
  await page.getByRole('button', { name: 'Remove image…' }).click();
  await expect(page.getByRole('button', { name: /force/i })).toHaveCount(0);
  await page.getByRole('button', { name: 'Remove 1 image' }).click();
  const refused = page.getByRole('dialog', { name: 'Removed 0 of 1 image' });
  await expect(refused.locator('tr[data-outcome="conflict"]')).toContainText(
    /stopped container .*footprint-e2e-held/,
  );
  await keepScreenshot(page, 'remove-refused');
  await expectNoSeriousA11yViolations(page);
  await refused.getByRole('button', { name: 'Remove 1 with force…' }).click();
  const force = page.getByRole('dialog', { name: 'Remove 1 with force?' });
  await expect(force).toContainText('layers stay on disk');
  await force.getByRole('button', { name: 'Remove with force' }).click();
  await expect(page.getByRole('dialog', { name: 'Removed 1 of 1 image' })).toBeVisible();
});

test('prune: the preview equals the API’s, confirm, a result per item, the list updates', async ({
  page,
  request,
}) => {
  await openWithToken(page);
  const request_: PruneRequest = {
    kinds: ['stopped-containers', 'unused-images'],
    filters: { label: [ownLabel] },
  };
  // The Overview's reclaimable figures lead here with their kind chosen.
  await page.goto('/');
  await page.locator('[data-kind="unused-images"] [data-testid="reclaim-link"]').click();
  await expect(page).toHaveURL(/\/reclaim\?kind=unused-images$/);
  await expect(page.locator('[data-kind="unused-images"] input')).toBeChecked();
  await expect(page.locator('[data-kind="named-volumes"] input')).not.toBeChecked();

  await page.goto(
    `/reclaim?kind=stopped-containers&kind=unused-images&label=${encodeURIComponent(ownLabel)}`,
  );
  await expect(page.getByRole('link', { name: 'Reclaim' })).toHaveAttribute('aria-current', 'page');

  // "Already running" is shown where the prune was asked for.
  await page.route('**/api/prune', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 409,
          contentType: 'application/json',
          body: JSON.stringify({
            statusCode: 409,
            error: 'Conflict',
            code: 'PRUNE_ALREADY_RUNNING',
            message: 'A prune is already running. Wait for it to finish.',
          }),
        })
      : route.continue(),
  );
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('prune-preview');
  await expect(preview).toBeVisible();
  await page.getByRole('button', { name: /^Prune these/ }).click();
  await page
    .getByTestId('prune-confirm')
    .getByRole('button', { name: /^Prune \d+ items?$/ })
    .click();
  await expect(page.locator('[data-panel="preview"] [role="alert"]')).toContainText(
    'already running',
  );
  await page.unroute('**/api/prune');

  // A fresh preview, and the API's own for the same request: the same list, the same bytes.
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(preview).toBeVisible();
  const api = (await (
    await page.request.post('/api/prune/preview', {
      headers: { Origin: baseURL },
      data: request_,
    })
  ).json()) as PrunePreview;
  const shown = await preview
    .locator('tbody tr[data-item-id]')
    .evaluateAll((rows) =>
      rows.map((row) => [
        row.getAttribute('data-kind'),
        row.getAttribute('data-item-id'),
        row.querySelector('[data-bytes]')?.getAttribute('data-bytes') ?? null,
      ]),
    );
  // The same list and bytes; the order of independent items may differ between two previews.
  const byId = (a: (string | null)[], b: (string | null)[]) =>
    String(a[1]).localeCompare(String(b[1]));
  expect(shown.sort(byId)).toEqual(
    api.items
      .map((item) => [item.kind, item.id, item.bytesKnown ? String(item.bytes) : null])
      .sort(byId),
  );
  await expect(preview.getByTestId('preview-total')).toHaveAttribute(
    'data-bytes',
    String(api.totalBytes),
  );
  const ids = api.items.map((item) => item.id);
  expect(ids).toEqual(expect.arrayContaining([own.pruneA.id, own.pruneB.id]));
  // Only this file's things: nothing of the standard fixtures.
  const standard = new Set([
    ...Object.values(fixtures.images).map((image) => image.id),
    fixtures.stoppedContainerId,
  ]);
  expect(ids.filter((id) => standard.has(id))).toEqual([]);
  await keepScreenshot(page, 'prune-preview');
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('button', { name: /^Prune these/ }).click();
  const confirm = page.getByTestId('prune-confirm');
  await expect(confirm.locator('tbody tr[data-item-id]')).toHaveCount(api.items.length);
  await expect(confirm.getByTestId('prune-total')).toHaveAttribute(
    'data-bytes',
    String(api.totalBytes),
  );
  await keepScreenshot(page, 'prune-confirm');
  await confirm.getByRole('button', { name: /^Prune \d+ items?$/ }).click();

  const report = page.getByTestId('prune-report');
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(report.locator('tr[data-outcome="removed"]')).toHaveCount(api.items.length);
  await expect(report.getByTestId('reclaimed-bytes')).toHaveAttribute(
    'data-bytes',
    String(api.totalBytes),
  );
  await keepScreenshot(page, 'prune-report');
  await expectNoSeriousA11yViolations(page);

  const left = await imageIds(request);
  expect(left.has(own.pruneA.id) || left.has(own.pruneB.id)).toBe(false);
  for (const image of Object.values(fixtures.images)) expect(left.has(image.id)).toBe(true);
  await page.goto(`/images?q=${repo}/prune`);
  await expect(page.locator('tr[data-image-id]')).toHaveCount(0);
});

test('read-only mode shows no destructive control', async ({ page }) => {
  const server = await DashboardServer.start({
    dockerHost: engine.dockerHost,
    token,
    env: { FOOTPRINT_READ_ONLY: '1' },
  });
  const base = server.baseURL;
  try {
    await openWithToken(page, base);
    await page.goto(`${base}/images/${fixtures.images.appOne.id}`);
    await expect(page.locator('[data-panel="labels"]')).toBeVisible();
    await expect(page.locator('[data-panel="image"]')).toContainText('footprint-fixture/app:1');
    await expect(page.getByRole('button', { name: /remove|untag|prune/i })).toHaveCount(0);
    await expect(page.locator('[data-panel="image-actions"]')).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Pages' })).not.toContainText('Reclaim');
    await keepScreenshot(page, 'read-only-image');

    await page.goto(`${base}/images?sel=${hex(fixtures.images.appOne.id).slice(0, 12)}`);
    await expect(page.getByTestId('selection-bar')).toBeVisible();
    await expect(page.getByRole('button', { name: /remove/i })).toHaveCount(0);

    await page.goto(`${base}/`);
    await expect(page.locator('.reclaimable-list li').first()).toBeVisible();
    await expect(page.getByTestId('reclaim-link')).toHaveCount(0);

    await page.goto(`${base}/reclaim`);
    await expect(page.getByTestId('read-only-note')).toBeVisible();
    await expect(page.getByRole('button', { name: /preview|prune/i })).toHaveCount(0);
  } finally {
    await server.stop();
  }
});
