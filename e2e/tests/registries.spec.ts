import { expect, test } from '@playwright/test';
import { fixtureSpecs } from '../../server/test/helpers/fixtures.js';
import { PrivateEngine } from '../../server/test/helpers/private-engine.js';
import {
  type PrivateRegistry,
  pushFixture,
  startRegistry,
} from '../../server/test/helpers/private-registry.js';
import { readEnvironment } from '../support/environment.js';
import { expectNoSeriousA11yViolations, keepScreenshot } from '../support/screenshots.js';

/*
 * Issue 18, a registry's own footprint, in the browser: a registry (Debian's docker-registry,
 * deletes enabled) this file starts and fills with the private engine, added through the page,
 * crawled, browsed, and a tag deleted through the preview, the confirmation and the report.
 */

const { baseURL, engine: engineState, token } = readEnvironment();
const engine = PrivateEngine.attach(engineState);
test.use({ baseURL });
test.describe.configure({ mode: 'serial' });

const image = (name: keyof typeof fixtureSpecs): string => fixtureSpecs[name].tags[0] ?? '';
let registry: PrivateRegistry;

test.beforeAll(async () => {
  registry = await startRegistry({ deleteEnabled: true });
  await pushFixture(engine, registry, image('appOne'), 'team/app:1');
  await pushFixture(engine, registry, image('appTwo'), 'team/app:2');
  await pushFixture(engine, registry, image('appTwo'), 'team/app:same');
  await pushFixture(engine, registry, image('baseAlpha'), 'other/base:1');
});

test.afterAll(async () => {
  await registry?.stop();
});

test('adds a registry, crawls it and shows what each tag alone holds', async ({ page }) => {
  await page.goto(`/?token=${token}`);
  await page.goto('/registries');
  await expect(page.getByRole('heading', { level: 1, name: 'Registries' })).toBeVisible();
  await page.getByLabel('Registry address').fill(`http://${registry.host}/`);
  await page.getByRole('button', { name: 'Add registry' }).click();
  await page.getByRole('link', { name: registry.host }).click();
  await expect(page).toHaveURL(`/registries/${encodeURIComponent(registry.host)}`);

  await page.getByRole('button', { name: 'Crawl' }).click();
  await expect(page.getByTestId('crawl-status')).toHaveAttribute('data-state', 'done');
  const repositories = page.getByTestId('registry-repositories');
  await expect(repositories.locator('[data-repository]')).toHaveCount(2);
  await repositories.getByRole('button', { name: 'team/app' }).click();
  const tags = repositories.locator('[data-tag]');
  await expect(tags).toHaveCount(3);
  await expect(repositories.locator('[data-tag="2"]')).toContainText('+1 same digest');
  await expectNoSeriousA11yViolations(page);
  await keepScreenshot(page, 'registries-browser');
});

test('deletes a tag by digest through the preview, and prints the GC step', async ({ page }) => {
  await page.goto(`/?token=${token}`);
  await page.goto(`/registries/${encodeURIComponent(registry.host)}`);
  const repositories = page.getByTestId('registry-repositories');
  await repositories.getByRole('button', { name: 'team/app' }).click();
  await page.getByRole('button', { name: 'Delete team/app:2 from the registry' }).click();

  const preview = page.getByTestId('registry-delete-preview');
  await expect(preview).toBeVisible();
  await expect(preview.getByTestId('registry-tags-removed')).toContainText('same');
  const freed = Number(await preview.getByTestId('registry-freed').getAttribute('data-bytes'));
  expect(freed).toBeGreaterThan(0);
  await keepScreenshot(page, 'registries-delete-preview');

  await page.getByRole('button', { name: 'Delete manifest' }).click();
  const report = page.getByTestId('registry-delete-report');
  await expect(report.getByTestId('gc-dry-run')).toHaveText(
    'registry garbage-collect --dry-run --delete-untagged /etc/docker/registry/config.yml',
  );
  await expect(report.getByTestId('gc-warning')).toContainText('read-only');
  await expect(report.getByTestId('registry-freed')).toHaveAttribute('data-bytes', String(freed));
  await keepScreenshot(page, 'registries-delete-report');
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(repositories.locator('[data-tag]')).toHaveCount(1);
  await expect(repositories.locator('[data-tag="1"]')).toBeVisible();
});
