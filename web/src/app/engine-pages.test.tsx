import type { EngineList, ImageList } from '@footprint/shared';
import { render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../lib/query-client';
import { engineSummary } from '../test/engines';
import { diskUsage, healthUp, hexId, image, imageList } from '../test/fixtures';
import { App } from './app';
import { createTestRouter } from './router';

const list: EngineList = {
  defaultEngineId: 'local',
  problems: [],
  engines: [
    engineSummary({ id: 'local', name: 'default', default: true }),
    engineSummary({ id: 'second', name: 'second' }),
    engineSummary({ id: 'podman', kind: 'podman', enabled: false, status: 'off' }),
  ],
};

const onDefault = image({ id: hexId('a'), repoTags: ['default-only:1'] });
const onSecond = image({ id: hexId('b'), repoTags: ['second-only:1'] });

/** A stand-in for the server: the default engine unscoped, "second" under its prefix. */
function fakeServer() {
  const images: Record<string, ImageList> = {
    '/api': imageList([onDefault]),
    '/api/engines/second': imageList([onSecond]),
  };
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = vi.fn(async (path: string) => {
    if (path === '/api/engines') return json(200, list);
    const match = /^(\/api(?:\/engines\/[a-z0-9-]+)?)\/(health|images|disk|layers)$/.exec(path);
    const base = match?.[1];
    if (base !== undefined && base in images) {
      if (match?.[2] === 'health') return json(200, healthUp);
      if (match?.[2] === 'images') return json(200, images[base]);
      if (match?.[2] === 'disk') return json(200, diskUsage);
    }
    return json(404, { statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: path });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const asked = (fetch: ReturnType<typeof fakeServer>) =>
  fetch.mock.calls.map(([path]) => String(path));

function renderApp(path: string) {
  render(<App client={createQueryClient()} router={createTestRouter(path)} />);
}

describe('an engine’s pages', () => {
  it('ask that engine’s routes and link within it', async () => {
    const fetch = fakeServer();
    renderApp('/engines/second/images');
    const table = await screen.findByRole('table', { name: 'Images' });
    await waitFor(() =>
      expect(table.querySelector(`tr[data-image-id="${onSecond.id}"]`)).not.toBeNull(),
    );
    expect(table.querySelector(`tr[data-image-id="${onDefault.id}"]`)).toBeNull();
    // Asked once: coming to the engine re-asks only what was kept from an earlier visit.
    expect(asked(fetch).filter((path) => path === '/api/engines/second/images')).toHaveLength(1);
    expect(asked(fetch)).not.toContain('/api/images');

    const nav = screen.getByRole('navigation', { name: 'Pages' });
    const images = within(nav).getByRole('link', { name: 'Images' });
    expect(images.getAttribute('href')).toBe('/engines/second/images');
    expect(images.getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Overview' }).getAttribute('href')).toBe(
      '/engines/second',
    );
    const row = table.querySelector(`tr[data-image-id="${onSecond.id}"]`) as HTMLElement;
    expect(row.querySelector('a.image-id')?.getAttribute('href')).toBe(
      `/engines/second/images/${'b'.repeat(64)}`,
    );
    const switcher = screen.getByRole('button', { name: /Engine/ });
    await waitFor(() => expect(switcher.textContent).toContain('second'));
  });

  it('are the default engine’s at unprefixed URLs, asked through the unscoped routes', async () => {
    const fetch = fakeServer();
    renderApp('/images');
    const table = await screen.findByRole('table', { name: 'Images' });
    await waitFor(() =>
      expect(table.querySelector(`tr[data-image-id="${onDefault.id}"]`)).not.toBeNull(),
    );
    expect(asked(fetch).filter((path) => path === '/api/images')).toHaveLength(1);
    expect(asked(fetch).some((path) => path.startsWith('/api/engines/'))).toBe(false);
    const nav = screen.getByRole('navigation', { name: 'Pages' });
    expect(within(nav).getByRole('link', { name: 'Images' }).getAttribute('href')).toBe('/images');
  });

  it('say so for an engine the server does not know, and for one turned off', async () => {
    const fetch = fakeServer();
    renderApp('/engines/gone/images');
    expect(await screen.findByRole('heading', { name: 'No such engine' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'All engines' }).getAttribute('href')).toBe('/engines');
    document.body.innerHTML = '';

    renderApp('/engines/podman/images');
    expect(await screen.findByTestId('engine-off')).toBeDefined();
    expect(asked(fetch)).not.toContain('/api/engines/podman/images');
  });
});
