import type { ImageList } from '@footprint/shared';
import { expect, type Page, test } from '@playwright/test';
import { PrivateEngine } from '../../server/test/helpers/private-engine.js';
import { measuredDisk } from '../support/api.js';
import { readEnvironment } from '../support/environment.js';
import { expectNoSeriousA11yViolations, keepScreenshot } from '../support/screenshots.js';

const { baseURL, engine: engineState, fixtures, token } = readEnvironment();
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

/** Every page a person reaches from the navigation, and one image's page. */
function pages(): string[] {
  return [
    '/',
    '/images',
    `/images/${fixtures.images.appTwo.id}`,
    '/containers',
    '/volumes',
    '/build-cache',
    '/reclaim',
    '/report',
  ];
}

/** The page's main content is there (each page ends loading with its one h1). */
async function openPage(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.locator('.loading')).toHaveCount(0);
}

for (const width of [390, 1024]) {
  test(`every page fits ${width} px without sideways scrolling, with one h1`, async ({
    page,
    request,
  }) => {
    await measuredDisk(request);
    await page.setViewportSize({ width, height: 900 });
    // With the session, so the reclaim page shows its whole form.
    await page.goto(`/?token=${token}`);
    for (const path of pages()) {
      await openPage(page, path);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(scrollWidth, `${path} at ${width} px`).toBeLessThanOrEqual(innerWidth);
    }
    await keepScreenshot(page, `report-${width}`);
  });
}

test('the images table shows its last column at 1024 px, header and rows', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 900 });
  await page.goto('/images');
  const table = page.getByRole('table', { name: 'Images' });
  await expect(table.locator('tbody tr[data-image-id]').first()).toBeVisible();
  const box = await page.locator('.virtual-scroll').boundingBox();
  const header = await table.getByRole('columnheader', { name: /containers/i }).boundingBox();
  const cell = await table.locator('tbody td[data-column="containers"]').first().boundingBox();
  expect(box).not.toBeNull();
  for (const shown of [header, cell]) {
    expect(shown).not.toBeNull();
    expect((shown?.x ?? 0) + (shown?.width ?? 0)).toBeLessThanOrEqual(
      (box?.x ?? 0) + (box?.width ?? 0) + 0.5,
    );
  }
  // Nothing to scroll sideways inside the table's box either.
  const overflow = await page
    .locator('.virtual-scroll')
    .evaluate((scroller) => scroller.scrollWidth - scroller.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await keepScreenshot(page, 'images-1024');
});

for (const theme of ['Light', 'Dark'] as const) {
  test(`has no serious accessibility violations on any page in the ${theme.toLowerCase()} theme`, async ({
    page,
    request,
  }) => {
    await measuredDisk(request);
    await page.goto(`/?token=${token}`);
    // The other theme from the system's, so the toggle (not the system) decides.
    await page.emulateMedia({ colorScheme: theme === 'Dark' ? 'light' : 'dark' });
    await page.getByRole('radio', { name: theme }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
    for (const path of pages()) {
      await openPage(page, path);
      await expectNoSeriousA11yViolations(page);
    }
  });
}
