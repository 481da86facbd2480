import { readFileSync } from 'node:fs';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { measuredDisk } from '../support/api.js';
import { readEnvironment } from '../support/environment.js';

const { baseURL } = readEnvironment();
test.use({ baseURL });

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const fileName = (extension: string) =>
  new RegExp(`^docker-footprint-footprint-by-category-\\d{4}-\\d{2}-\\d{2}\\.${extension}$`);

/** The overview's category chart, drawn, with its Share menu open. */
async function openShareMenu(page: Page, request: APIRequestContext) {
  await measuredDisk(request);
  await page.goto('/');
  const panel = page.locator('[data-panel="footprint"]');
  await expect(panel.locator('figure.chart svg.recharts-surface').last()).toBeVisible();
  await panel.getByRole('button', { name: 'Share' }).click();
  return panel;
}

async function download(
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; file: Buffer }> {
  const [event] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: event.suggestedFilename(), file: readFileSync((await event.path()) as string) };
}

test('exports a panel as a PNG with a caption', async ({ page, request }) => {
  const panel = await openShareMenu(page, request);
  const png = await download(page, () => panel.getByRole('button', { name: 'PNG' }).click());
  expect(png.name).toMatch(fileName('png'));
  expect([...png.file.subarray(0, 8)]).toEqual(pngSignature);
  expect(png.file.length).toBeGreaterThan(10_000);
  await expect(panel.getByRole('status')).toHaveText('PNG saved.');
  // The caption was only in the picture.
  await expect(panel.locator('.export-caption')).toHaveCount(0);
});

test('exports a panel as SVG and copies it to the clipboard as a PNG', async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const panel = await openShareMenu(page, request);

  const svg = await download(page, () => panel.getByRole('button', { name: 'SVG' }).click());
  expect(svg.name).toMatch(fileName('svg'));
  const text = svg.file.toString('utf8');
  expect(text.startsWith('<svg')).toBe(true);
  expect(text).toContain('Footprint by category');
  expect(text.length).toBeGreaterThan(10_000);
  await expect(panel.getByRole('status')).toHaveText('SVG saved.');

  await panel.getByRole('button', { name: 'Copy' }).click();
  await expect(panel.getByRole('status')).toHaveText('Copied to the clipboard.');
  const copied = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    if (item === undefined) return null;
    const blob = await item.getType('image/png');
    const head = [...new Uint8Array(await blob.slice(0, 8).arrayBuffer())];
    return { types: item.types, head, size: blob.size };
  });
  expect(copied?.types).toContain('image/png');
  expect(copied?.head).toEqual(pngSignature);
  expect(copied?.size).toBeGreaterThan(10_000);
});
