import type { DuplicateDiffsPage, DuplicateFilesPage } from '@footprint/shared';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../lib/query-client';
import { diskUsage, healthUp, hexId, image, imageList } from '../../test/fixtures';
import { App } from '../app';
import { createTestRouter } from '../router';

/*
 * The Duplicates page and the overview's "Layers stored twice" against a stand-in server that
 * answers GET /api/duplicates/files and /diffs and records what was asked: the search, the image
 * filter and the page go to the server and into the URL; rows name images from the page's side
 * table; both pages show the same figures for the same diff.
 */

const app = hexId('a');
const base = hexId('b');
const untagged = hexId('c');
const chain1 = hexId('1');
const chain2 = hexId('2');
const images = imageList([
  image({ id: app, repoTags: ['shop/app:1', 'shop/app:latest'] }),
  image({ id: base, repoTags: ['shop/base:2'] }),
  image({ id: untagged, repoTags: [] }),
]);
const sideTable = [
  { id: app, repoTags: ['shop/app:1', 'shop/app:latest'] },
  { id: base, repoTags: ['shop/base:2'] },
  { id: untagged, repoTags: [] },
];

function filesPage(offset: number): DuplicateFilesPage {
  return {
    minBytes: 1024,
    hashedFiles: 240,
    total: 120,
    offset,
    limit: 50,
    files: [
      {
        sha256: hexId('f'),
        apparentBytes: 2_000_000,
        copies: [
          {
            chainId: chain1,
            path: '/usr/lib/libx.so',
            displayPath: '/usr/lib/libx.so',
            images: [app],
            imageCount: 1,
          },
          {
            chainId: chain2,
            path: '/opt/libx.so',
            displayPath: '/opt/libx.so',
            images: [base, untagged],
            imageCount: 14,
          },
        ],
        savableBytes: 2_000_000,
      },
    ],
    matching: { groups: 120, savableBytes: 90_000_000 },
    all: { groups: 120, savableBytes: 90_000_000 },
    images: sideTable,
    computedAt: '2026-01-02T03:04:05Z',
  };
}

const diffsPage: DuplicateDiffsPage = {
  total: 1,
  offset: 0,
  limit: 50,
  diffs: [
    {
      diffId: hexId('d'),
      copies: [
        {
          chainId: chain1,
          cacheId: 'c1',
          engineBytes: 29_820_000,
          diskBytes: 30_500_000,
          apparentBytes: 29_900_000,
          images: [app],
          imageCount: 1,
        },
        {
          chainId: chain2,
          cacheId: 'c2',
          engineBytes: 29_820_000,
          diskBytes: 30_502_912,
          apparentBytes: 29_900_100,
          images: [base],
          imageCount: 1,
        },
      ],
      imageCount: 2,
      engineBytes: 29_820_000,
      extraEngineBytes: 29_820_000,
      extraDiskBytes: 30_500_000,
      extraApparentBytes: 29_900_000,
    },
  ],
  matching: {
    groups: 1,
    extraEngineBytes: 29_820_000,
    extraDiskBytes: 30_500_000,
    extraApparentBytes: 29_900_000,
  },
  all: {
    groups: 1,
    extraEngineBytes: 29_820_000,
    extraDiskBytes: 30_500_000,
    extraApparentBytes: 29_900_000,
  },
  notMeasuredReason: null,
  images: sideTable.slice(0, 2),
  computedAt: '2026-01-02T03:04:05Z',
};

function fakeServer() {
  const asked: URL[] = [];
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = vi.fn(async (path: string) => {
    const url = new URL(path, 'http://localhost');
    asked.push(url);
    if (url.pathname === '/api/health') return json(healthUp);
    if (url.pathname === '/api/images') return json(images);
    if (url.pathname === '/api/disk') return json(diskUsage);
    if (url.pathname === '/api/duplicates/files') {
      return json(filesPage(Number(url.searchParams.get('offset'))));
    }
    if (url.pathname === '/api/duplicates/diffs') return json(diffsPage);
    return json(
      { statusCode: 404, error: 'Not Found', code: 'ROUTE_NOT_FOUND', message: path },
      404,
    );
  });
  vi.stubGlobal('fetch', fetch);
  const last = (pathname: string) => asked.filter((url) => url.pathname === pathname).at(-1);
  return { last };
}

function renderAt(path: string) {
  const router = createTestRouter(path);
  render(<App client={createQueryClient()} router={router} />);
  return () => new URLSearchParams(router.state.location.search);
}

const filesTable = () => screen.findByRole('table', { name: 'Identical files in several layers' });

describe('Duplicates page', () => {
  it('names images from the side table, not by ID, and counts the ones a row leaves out', async () => {
    const server = fakeServer();
    renderAt('/duplicates');
    const table = await filesTable();
    const row = table.querySelector('tbody tr') as HTMLElement;
    expect(within(row).getByText('shop/app:1')).toBeDefined();
    expect(within(row).getByText('shop/base:2')).toBeDefined();
    expect(within(row).getByText(`untagged ${untagged.slice(7, 19)}`)).toBeDefined();
    expect(within(row).getByText('+ 12 more')).toBeDefined();
    expect(row.textContent).not.toContain(app.slice(7, 19));
    // The first page, asked as the benchmark asks it.
    expect(server.last('/api/duplicates/files')?.search).toBe('?minBytes=1024&offset=0&limit=50');
    expect(server.last('/api/duplicates/diffs')?.search).toBe('?offset=0&limit=50');
    expect(screen.getByTestId('file-totals').textContent).toContain('120 groups');
  });

  it('sends the search and the image filter to the server and keeps them in the URL', async () => {
    const server = fakeServer();
    const params = renderAt('/duplicates?files=50');
    await filesTable();
    expect(server.last('/api/duplicates/files')?.searchParams.get('offset')).toBe('50');

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), {
      target: { value: 'libx' },
    });
    await waitFor(() =>
      expect(server.last('/api/duplicates/files')?.searchParams.get('q')).toBe('libx'),
    );
    expect(server.last('/api/duplicates/diffs')?.searchParams.get('q')).toBe('libx');
    // A new search starts from the first page.
    expect(server.last('/api/duplicates/files')?.searchParams.get('offset')).toBe('0');
    expect(params().get('q')).toBe('libx');
    expect(params().get('files')).toBeNull();

    const select = screen.getByRole('combobox', { name: 'Image' });
    await waitFor(() =>
      expect(within(select).getByRole('option', { name: 'shop/base:2' })).toBeDefined(),
    );
    fireEvent.change(select, { target: { value: base } });
    await waitFor(() =>
      expect(server.last('/api/duplicates/files')?.searchParams.get('image')).toBe(base),
    );
    expect(server.last('/api/duplicates/diffs')?.searchParams.get('image')).toBe(base);
    expect(params().get('image')).toBe(base);
  });

  it('pages through the groups', async () => {
    const server = fakeServer();
    const params = renderAt('/duplicates');
    await filesTable();
    const pager = screen.getByRole('navigation', { name: 'Pages of identical files' });
    expect(within(pager).getByText('Groups 1–50 of 120')).toBeDefined();
    fireEvent.click(within(pager).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(within(pager).getByText('Groups 51–100 of 120')).toBeDefined());
    expect(server.last('/api/duplicates/files')?.searchParams.get('offset')).toBe('50');
    expect(params().get('files')).toBe('50');
  });
});

describe('the same diff on the overview and the Duplicates page', () => {
  const figures = async () => {
    const row = await waitFor(() => {
      const found = document.querySelector(`tr[data-diff-id="${hexId('d')}"]`);
      expect(found).not.toBeNull();
      return found as HTMLElement;
    });
    return {
      names: within(row)
        .getAllByRole('link')
        .map((link) => link.textContent),
      engine: row.getAttribute('data-engine-bytes'),
      disk: row.getAttribute('data-disk-bytes'),
      text: row.textContent ?? '',
    };
  };

  it('shows the same labelled figures and names', async () => {
    fakeServer();
    renderAt('/');
    const overview = await figures();
    expect(overview.text).toContain('29.82MB');
    expect(overview.text).toContain('30.5MB');
    const table = screen.getByRole('table', { name: 'Diffs stored under several chains' });
    expect(within(table).getAllByText('engine').length).toBeGreaterThan(0);
    expect(within(table).getAllByText('on disk').length).toBeGreaterThan(0);
    expect(overview.names).toEqual(['shop/app:1', 'shop/base:2']);
    document.body.innerHTML = '';

    fakeServer();
    renderAt('/duplicates');
    const page = await figures();
    expect(page.engine).toBe(overview.engine);
    expect(page.disk).toBe(overview.disk);
    expect(page.names).toEqual(overview.names);
    expect(page.text).toContain('29.82MB');
    expect(page.text).toContain('30.5MB');
  });
});
