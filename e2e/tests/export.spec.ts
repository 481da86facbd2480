import { readFileSync } from 'node:fs';
import type { ImageList } from '@footprint/shared';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { api, measuredDisk } from '../support/api.js';
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
  await expect(panel.locator('figure.chart svg.chart-surface')).toBeVisible();
  await panel.getByRole('button', { name: 'Share', exact: true }).click();
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

/** RFC 4180: fields, quoted ones with "" for a quote, lines ending in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index++;
    } else field += char;
  }
  expect(field, 'the last line ends in CRLF').toBe('');
  return rows;
}

test('exports the chart as a real SVG: an <svg> document with its bars, no foreignObject', async ({
  page,
  request,
}) => {
  const panel = await openShareMenu(page, request);
  const svg = await download(page, () => panel.getByRole('button', { name: 'SVG' }).click());
  expect(svg.name).toMatch(fileName('svg'));
  await expect(panel.getByRole('status')).toHaveText('SVG saved.');
  const text = svg.file.toString('utf8');
  expect(text.startsWith('<svg')).toBe(true);
  expect(text).not.toContain('foreignObject');
  expect(text).not.toContain('var(');
  // The snapshot it replaces was about 1 MB of HTML.
  expect(text.length).toBeLessThan(100_000);

  // Parsed as SVG by the browser's XML parser, as a vector editor reads it.
  const parsed = await page.evaluate((source) => {
    const document = new DOMParser().parseFromString(source, 'image/svg+xml');
    const root = document.documentElement;
    return {
      error: document.querySelector('parsererror')?.textContent ?? null,
      root: root.localName,
      namespace: root.namespaceURI,
      foreignObjects: document.getElementsByTagName('foreignObject').length,
      bars: Array.from(document.querySelectorAll('rect[data-series]')).filter(
        (bar) => Number(bar.getAttribute('width')) > 0,
      ).length,
      texts: Array.from(document.querySelectorAll('text')).map((node) => node.textContent ?? ''),
    };
  }, text);
  expect(parsed.error).toBeNull();
  expect(parsed).toMatchObject({
    root: 'svg',
    namespace: 'http://www.w3.org/2000/svg',
    foreignObjects: 0,
  });
  // Every category the engine and the disk measured above zero has its bar.
  const disk = await measuredDisk(request);
  expect(disk.measurement.measured).toBe(true);
  expect(parsed.bars).toBeGreaterThanOrEqual(5);
  expect(parsed.texts).toContain('Footprint by category');
  expect(parsed.texts).toContain('Engine figure');
  expect(parsed.texts).toContain('Measured on disk');
  expect(parsed.texts.some((line) => line.includes('Bytes, linear scale'))).toBe(true);
  expect(
    parsed.texts.some((line) => /^docker-footprint · Footprint by category · .+ UTC/.test(line)),
  ).toBe(true);
});

test('exports the images table as CSV with the API’s exact bytes, registry hosts hidden', async ({
  page,
  request,
}) => {
  const { images } = await api<ImageList>(request, '/api/images');
  await page.goto('/images');
  const panel = page.locator('[data-panel="images"]');
  await expect(panel.locator('tbody tr[data-image-id]')).toHaveCount(images.length);
  await panel.getByRole('button', { name: 'Share', exact: true }).click();
  const csv = await download(page, () => panel.getByRole('button', { name: 'CSV' }).click());
  expect(csv.name).toMatch(/^docker-footprint-images-\d{4}-\d{2}-\d{2}\.csv$/);
  await expect(panel.getByRole('status')).toHaveText('CSV saved.');

  const [header = [], ...rows] = parseCsv(csv.file.toString('utf8'));
  expect(header).toEqual([
    'Tags',
    'Image ID',
    'Created',
    'Last used',
    'Size, engine figure (bytes)',
    'Size, engine figure (as shown)',
    'Shared, engine figure (bytes)',
    'Shared, engine figure (as shown)',
    'Unique, engine figure (bytes)',
    'Unique, engine figure (as shown)',
    'measured on disk (bytes)',
    'measured on disk (as shown)',
    'Containers',
  ]);
  expect(rows).toHaveLength(images.length);
  const byShortId = new Map(images.map((image) => [image.id.slice(7, 19), image]));
  for (const row of rows) {
    const image = byShortId.get(row[1] ?? '');
    expect(image, row.join(',')).toBeDefined();
    expect([row[4], row[6], row[8]].map(Number)).toEqual([
      image?.size,
      image?.sharedSize,
      image?.uniqueSize,
    ]);
    expect(row[2]).toBe(image?.created);
    expect(Number(row[12])).toBe(image?.containers);
  }
  // The on-disk column is the table's own figure, exactly.
  const onDisk = await panel
    .locator('tbody tr[data-image-id]')
    .evaluateAll((trs) =>
      trs.map((tr) => tr.querySelector('[data-disk-bytes]')?.getAttribute('data-disk-bytes')),
    );
  expect(rows.map((row) => row[10]).sort()).toEqual(onDisk.map((value) => value ?? '').sort());
  // "Hide registry host names" is on by default: the CSV says so as the picture does.
  const text = csv.file.toString('utf8');
  expect(text).not.toContain('registry.example');
  expect(text).toContain('…/team/app:1');
});

test('copies a panel to the clipboard as a PNG', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const panel = await openShareMenu(page, request);
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
