import { execFile } from 'node:child_process';
import { expect, type Page, test } from '@playwright/test';
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
 * Issue 17's single-object actions in the browser: remove one container from the containers
 * page (its writable layer shown first, engine and on disk), and add a tag from an image's page,
 * moving a name from another image only after the page said which. Everything acted on is
 * made here, so the standard fixtures other specs rely on stay whole.
 */

const { baseURL, engine: engineState, token } = readEnvironment();
const engine = PrivateEngine.attach(engineState);
test.use({ baseURL });
test.describe.configure({ mode: 'serial' });

const repo = 'footprint-e2e-actions';
const busybox = 'footprint-fixture/busybox:1';

function spec(tags: string[], name: string, size: number): ImageSpec {
  return {
    tags,
    labels: { 'footprint.e2e': 'container-actions' },
    layers: [
      {
        createdBy: `COPY ${name}.bin /data/`,
        entries: [{ type: 'file', path: `data/${name}.bin`, content: seededBytes(name, size) }],
      },
    ],
  };
}

let target: BuiltImage;
let holder: BuiltImage;

test.beforeAll(async () => {
  [target, holder] = (await loadImages(engine, [
    spec([`${repo}/target:1`], 'e2e-tag-target', 12_000),
    spec([`${repo}/holder:1`, `${repo}/holder:keep`], 'e2e-tag-holder', 8_000),
  ])) as [BuiltImage, BuiltImage];
  await engine.docker([
    'run',
    '--name',
    'e2e-writer',
    '--network',
    'none',
    busybox,
    'dd',
    'if=/dev/zero',
    'of=/written',
    'bs=1000',
    'count=40',
  ]);
  await engine.docker([
    'run',
    '-d',
    '--name',
    'e2e-sleeper',
    '--network',
    'none',
    '--stop-timeout',
    '1',
    busybox,
    'sleep',
    '600',
  ]);
});

test.afterAll(async () => {
  await engine.docker(['rm', '-f', 'e2e-writer', 'e2e-sleeper']).catch(() => '');
});

async function openWithToken(page: Page) {
  await page.goto(`${baseURL}/?token=${token}`);
  await expect(page).toHaveURL(`${baseURL}/`);
}

async function containerId(name: string): Promise<string> {
  return (await engine.docker(['inspect', '--format', '{{.Id}}', name])).trim();
}

async function containerNames(): Promise<string[]> {
  return (await engine.docker(['ps', '-a', '--format', '{{.Names}}'])).split('\n');
}

test('containers page: remove one stopped container, its bytes shown first and reported', async ({
  page,
}) => {
  const id = await containerId('e2e-writer');
  const raw = await engine.api<{ SizeRw: number }>(`/containers/${id}/json?size=1`);
  await openWithToken(page);
  await page.goto('/containers');
  await expect(page.getByRole('button', { name: 'Remove container e2e-writer' })).toBeVisible();
  // Checked before the dialog opens: behind its backdrop the page's colours read as low contrast.
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('button', { name: 'Remove container e2e-writer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove container?' });
  const figures = dialog.getByTestId('container-removal-figures');
  await expect(figures).toBeVisible();
  await expect(figures.locator('[data-bytes]').first()).toHaveAttribute(
    'data-bytes',
    String(raw.SizeRw),
  );
  await expect(dialog.getByTestId('container-total-disk')).toHaveAttribute(
    'data-disk-bytes',
    /^[1-9][0-9]*$/,
  );
  await keepScreenshot(page, 'remove-container-preview');
  await dialog.getByRole('button', { name: 'Remove container' }).click();

  const report = page.getByRole('dialog', { name: 'Container removed' });
  await expect(report.getByTestId('container-report')).toContainText('e2e-writer');
  await expect(report.getByTestId('container-reclaimed')).toHaveAttribute(
    'data-disk-bytes',
    /^[0-9]+$/,
  );
  await keepScreenshot(page, 'remove-container-report');
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('button', { name: 'Remove container e2e-writer' })).toHaveCount(0);
  const left = await containerNames();
  expect(left).not.toContain('e2e-writer');
  expect(left).toContain('e2e-sleeper');
  expect(left).toContain('footprint-stopped');
});

test('containers page: a running container is offered only as "Stop and remove"', async ({
  page,
}) => {
  await openWithToken(page);
  await page.goto('/containers');
  await page.getByRole('button', { name: 'Remove container e2e-sleeper' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove container?' });
  await expect(dialog.getByTestId('running-warning')).toContainText('stops it first');
  await expect(dialog.getByRole('button', { name: 'Remove container' })).toHaveCount(0);
  await keepScreenshot(page, 'remove-running-container');
  await dialog.getByRole('button', { name: 'Stop and remove' }).click();
  const report = page.getByRole('dialog', { name: 'Container removed' });
  await expect(report).toContainText('it was stopped first');
  await report.getByRole('button', { name: 'Close' }).click();
  expect(await containerNames()).not.toContain('e2e-sleeper');
});

test('image page: add a tag, then move a name only after being told which image loses it', async ({
  page,
}) => {
  await openWithToken(page);
  await page.goto(`/images/${target.id}`);
  const actions = page.locator('[data-panel="image-actions"]');

  await actions.getByRole('button', { name: 'Add tag…' }).click();
  let dialog = page.getByRole('dialog', { name: 'Add a tag' });
  await dialog.getByRole('textbox').fill(`${repo}/target:extra`);
  await dialog.getByRole('button', { name: 'Add tag' }).click();
  await expect(page.getByRole('dialog', { name: 'Tagged' })).toContainText(
    `${repo}/target:extra now points at image`,
  );
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(actions.getByRole('button', { name: `Untag ${repo}/target:extra` })).toBeVisible();

  await actions.getByRole('button', { name: 'Add tag…' }).click();
  dialog = page.getByRole('dialog', { name: 'Add a tag' });
  await dialog.getByRole('textbox').fill(`${repo}/holder:1`);
  await dialog.getByRole('button', { name: 'Add tag' }).click();
  const warning = dialog.getByTestId('tag-move-warning');
  await expect(warning).toContainText(holder.id.slice(7, 19));
  await expect(warning).toContainText(`it keeps ${repo}/holder:keep`);
  await keepScreenshot(page, 'add-tag-move');
  expect((await engine.docker(['inspect', '--format', '{{.Id}}', `${repo}/holder:1`])).trim()).toBe(
    holder.id,
  );
  await dialog.getByRole('button', { name: 'Move the tag' }).click();
  await expect(page.getByRole('dialog', { name: 'Tagged' })).toContainText(
    `Image ${holder.id.slice(7, 19)} lost it`,
  );
  expect((await engine.docker(['inspect', '--format', '{{.Id}}', `${repo}/holder:1`])).trim()).toBe(
    target.id,
  );
});

test('image page: "Save as tar" downloads the image under its tag', async ({ page }) => {
  await openWithToken(page);
  await page.goto(`/images/${holder.id}`);
  const actions = page.locator('[data-panel="image-actions"]');
  await actions.getByLabel('Save under').selectOption(`${repo}/holder:keep`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    actions.getByRole('link', { name: 'Save as tar' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('footprint-e2e-actions_holder_keep.tar');
  const path = await download.path();
  // A tar whose manifest names the tag: what `docker load` reads to restore the name.
  const manifest = await new Promise<string>((resolve, reject) =>
    execFile('tar', ['-xOf', path, 'manifest.json'], (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
  expect(JSON.parse(manifest)).toMatchObject([{ RepoTags: [`${repo}/holder:keep`] }]);
});
