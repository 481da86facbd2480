import type { EngineList, EngineSummary, RemovalPreview } from '@footprint/shared';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { PrivateEngine } from '../../server/test/helpers/private-engine.js';
import { api } from '../support/api.js';
import { readEnvironment } from '../support/environment.js';
import { expectNoSeriousA11yViolations, keepScreenshot } from '../support/screenshots.js';

/*
 * Issue 19 in the browser: the dashboard follows two private engines, the first (DOCKER_HOST,
 * the default) with the standard fixtures and a second one beside it (FOOTPRINT_ENGINES) that
 * global setup loaded with an image of its own and base-beta, the very image the first has.
 * Switch engines, the all-engines overview, a removal on the second that leaves the first as it
 * was, and the second stopped and started again while its page is open.
 */

const { baseURL, engine: firstState, fixtures, second, token } = readEnvironment();
const first = PrivateEngine.attach(firstState);
const secondEngine = PrivateEngine.attach(second.engine);
test.use({ baseURL });
test.describe.configure({ mode: 'serial' });

const hex = (id: string) => id.replace(/^sha256:/, '');

async function engines(request: APIRequestContext): Promise<EngineList> {
  return api<EngineList>(request, '/api/engines');
}

/** The engine as the server lists it, once it is in the state asked for. */
async function engineWhen(
  request: APIRequestContext,
  name: string,
  status: EngineSummary['status'],
): Promise<EngineSummary> {
  let found: EngineSummary | undefined;
  await expect
    .poll(
      async () => {
        found = (await engines(request)).engines.find((engine) => engine.name === name);
        return found?.status;
      },
      { timeout: 60_000, message: `${name} ${status}` },
    )
    .toBe(status);
  return found as EngineSummary;
}

async function imageIds(engine: PrivateEngine): Promise<string[]> {
  const images = await engine.api<{ Id: string }[]>('/images/json?all=1');
  return images.map((image) => image.Id).sort();
}

function switcher(page: Page) {
  return page.getByRole('button', { name: /^Engine/ });
}

let secondId: string;
let defaultEngine: EngineSummary;

test.beforeAll(async ({ request }) => {
  secondId = (await engineWhen(request, second.name, 'up')).id;
  const list = await engines(request);
  defaultEngine = list.engines.find(
    (engine) => engine.id === list.defaultEngineId,
  ) as EngineSummary;
  expect(defaultEngine.dataRoot).toBe(firstState.dataRoot);
});

test('switch engines: the header names each one, and its pages list only its images', async ({
  page,
}) => {
  await page.goto('/images');
  const images = page.getByRole('table', { name: 'Images' });
  await expect(images.locator(`tr[data-image-id="${fixtures.images.appOne.id}"]`)).toHaveCount(1);
  await expect(switcher(page)).toContainText(defaultEngine.name);
  await expect(switcher(page)).toContainText('Docker · unix socket');

  await switcher(page).click();
  const list = page.getByRole('list', { name: 'Engines' });
  await expect(list.getByRole('link')).toHaveCount(3);
  await keepScreenshot(page, 'engines-switcher-open');
  await list.getByRole('link', { name: new RegExp(`^${second.name}`) }).click();

  await expect(page).toHaveURL(`${baseURL}/engines/${secondId}/images`);
  await expect(switcher(page)).toContainText(second.name);
  await expect(images.locator(`tr[data-image-id="${second.onlyHere.id}"]`)).toHaveCount(1);
  await expect(images.locator(`tr[data-image-id="${fixtures.images.appOne.id}"]`)).toHaveCount(0);
  expect(await images.locator('tr[data-image-id]').count()).toBe(
    (await secondEngine.api<unknown[]>('/images/json')).length,
  );

  // Links keep the engine: the navigation, and an image's own page.
  const nav = page.getByRole('navigation', { name: 'Pages' });
  await nav.getByRole('link', { name: 'Containers' }).click();
  await expect(page).toHaveURL(`${baseURL}/engines/${secondId}/containers`);
  await nav.getByRole('link', { name: 'Images' }).click();
  await images.locator(`tr[data-image-id="${second.onlyHere.id}"] a.image-id`).click();
  await expect(page).toHaveURL(`${baseURL}/engines/${secondId}/images/${hex(second.onlyHere.id)}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // Back to the default engine: its unprefixed URL, the same section.
  await switcher(page).click();
  await list.getByRole('link', { name: new RegExp(`^${defaultEngine.name}`) }).click();
  await expect(page).toHaveURL(`${baseURL}/images`);
  await expect(images.locator(`tr[data-image-id="${fixtures.images.appOne.id}"]`)).toHaveCount(1);
  await expectNoSeriousA11yViolations(page);
});

test('all engines: each one’s totals, data root and state side by side, with links', async ({
  page,
  request,
}) => {
  await page.goto(`/?token=${token}`);
  await page.goto('/engines');
  await expect(page.getByRole('heading', { level: 1, name: 'All engines' })).toBeVisible();
  const list = await engines(request);
  const cards = page.getByRole('article');
  await expect(cards).toHaveCount(list.engines.length);

  for (const [engine, dataRoot] of [
    [defaultEngine, firstState.dataRoot],
    [list.engines.find((each) => each.id === secondId) as EngineSummary, second.engine.dataRoot],
  ] as const) {
    const card = page.locator(`article[data-engine-id="${engine.id}"]`);
    await expect(card.locator('[data-figure="data-root"] dd')).toContainText(dataRoot);
    await expect(card).toHaveAttribute('data-status', 'up');
    const totals = engine.totals;
    expect(totals, engine.name).not.toBeNull();
    if (totals === null) continue;
    await expect(card.locator('[data-figure="counts"] dd')).toContainText(
      `${totals.imageCount} image`,
    );
    // The total is du's where measured, else the engine's, and says which.
    await expect(card.locator('[data-figure="disk"] dd')).toContainText(/on disk|engine figure/);
    await expect(card.locator('[data-figure="reclaimable"] dd')).toContainText('engine figure');
    await expect(card.locator('[data-figure="reclaimable"] [data-exact-bytes]')).toHaveAttribute(
      'data-exact-bytes',
      String(totals.engineReclaimableBytes),
    );
    await expect(card.getByRole('switch', { name: `Follow ${engine.name}` })).toHaveAttribute(
      'aria-checked',
      'true',
    );
  }
  // The second engine's figures are its own: two images, as its own API lists them.
  const secondTotals = list.engines.find((each) => each.id === secondId)?.totals;
  expect(secondTotals?.imageCount).toBe((await secondEngine.api<unknown[]>('/images/json')).length);

  const secondCard = page.locator(`article[data-engine-id="${secondId}"]`);
  await expect(secondCard.getByRole('link', { name: 'Images' })).toHaveAttribute(
    'href',
    `/engines/${secondId}/images`,
  );
  await expect(
    page.locator(`article[data-engine-id="${defaultEngine.id}"]`).getByRole('link', {
      name: 'Images',
    }),
  ).toHaveAttribute('href', '/images');
  await keepScreenshot(page, 'engines-overview');
  await expectNoSeriousA11yViolations(page);

  await page.setViewportSize({ width: 390, height: 844 });
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  await keepScreenshot(page, 'engines-overview-phone');
});

test('a removal on the second engine removes there only; the first keeps every image', async ({
  page,
}) => {
  const firstBefore = await imageIds(first);
  expect(await imageIds(secondEngine)).toContain(second.shared.id);

  await page.goto(`/?token=${token}`);
  await page.goto(`/engines/${secondId}/images/${hex(second.shared.id)}`);
  // The preview is asked when the dialog opens, of the second engine.
  const preview = page.waitForResponse(
    (response) =>
      new URL(response.url()).pathname === `/api/engines/${secondId}/images/remove/preview`,
  );
  await page.getByRole('button', { name: 'Remove image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove 1 image?' });
  const previewed = (await (await preview).json()) as RemovalPreview;
  expect(previewed.images.map((item) => item.id)).toEqual([second.shared.id]);
  await expect(dialog.getByTestId('freed-bytes')).toHaveAttribute(
    'data-bytes',
    String(previewed.totalBytes),
  );

  const removal = page.waitForRequest(
    (request) =>
      request.method() === 'POST' &&
      new URL(request.url()).pathname === `/api/engines/${secondId}/images/remove`,
  );
  await dialog.getByRole('button', { name: 'Remove 1 image' }).click();
  await removal;
  const report = page.getByRole('dialog', { name: 'Removed 1 of 1 image' });
  await expect(report.locator('tr[data-outcome="removed"]')).toHaveCount(1);
  await keepScreenshot(page, 'engines-removal-on-second');

  expect(await imageIds(secondEngine)).not.toContain(second.shared.id);
  // The same image on the first engine, and everything else there, is as it was.
  expect(await imageIds(first)).toEqual(firstBefore);
  await report.getByRole('button', { name: 'Close' }).click();
});

test('the second engine stopped and started again while its page is open: away, then up', async ({
  page,
  request,
}) => {
  await page.goto(`/engines/${secondId}/images`);
  const images = page.getByRole('table', { name: 'Images' });
  await expect(images.locator(`tr[data-image-id="${second.onlyHere.id}"]`)).toHaveCount(1);
  await expect(switcher(page)).toContainText(/\bup\b/);

  await secondEngine.stopDaemon();
  try {
    await expect(switcher(page)).toContainText('away since', { timeout: 60_000 });
    await expect(page.getByRole('alert')).toContainText('not reachable', { timeout: 30_000 });
    // Its last figures stay on the page, dated; the default engine keeps working.
    await expect(images.locator(`tr[data-image-id="${second.onlyHere.id}"]`)).toHaveCount(1);
    await expect(page.getByTestId('engine-away-note')).toBeVisible();
    const list = await engines(request);
    expect(list.engines.find((engine) => engine.id === secondId)?.status).toBe('away');
    expect(list.engines.find((engine) => engine.id === defaultEngine.id)?.status).toBe('up');
    await keepScreenshot(page, 'engines-second-away');
  } finally {
    await secondEngine.startDaemon();
  }

  await expect(switcher(page)).not.toContainText('away', { timeout: 90_000 });
  await expect(switcher(page)).toContainText(/\bup\b/);
  await expect(page.getByRole('alert')).toHaveCount(0, { timeout: 30_000 });
  await expect(images.locator(`tr[data-image-id="${second.onlyHere.id}"]`)).toHaveCount(1);
  await engineWhen(request, second.name, 'up');
});
