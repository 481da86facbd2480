import type { ApiError, DiskUsage, Health, ImageList } from '@footprint/shared';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../lib/query-client';
import { defaultEngineKey, queryKeys } from '../lib/query-keys';
import { diskUsage, healthDown, healthUp, hexId, image, imageList } from '../test/fixtures';
import { App } from './app';
import { createTestRouter } from './router';

const unreachable: ApiError = {
  statusCode: 503,
  error: 'Service Unavailable',
  code: 'ENGINE_UNREACHABLE',
  message: 'The Docker engine at /tmp/nowhere.sock is not reachable (connect ENOENT).',
};

/** A stand-in for the server: answers by path from what the test sets. */
function fakeServer(initial: { health: Health; images: ImageList; disk: DiskUsage }) {
  const state = { ...initial, imagesError: null as ApiError | null };
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  const fetch = vi.fn(async (path: string) => {
    const up = state.health.engine.reachable;
    if (path === '/api/health') return json(200, state.health);
    if (!up) return json(503, unreachable);
    if (path === '/api/images') {
      return state.imagesError
        ? json(state.imagesError.statusCode, state.imagesError)
        : json(200, state.images);
    }
    if (path === '/api/disk') return json(200, state.disk);
    if (path === '/api/layers') {
      const layers = { layers: [], layerMetadata: { readable: true, message: null } };
      return json(200, { ...layers, measured: false, notMeasuredReason: 'Not measured yet.' });
    }
    if (path === '/api/layers/summary') {
      const none = { layers: 0, engineBytes: 0, diskBytes: null };
      const freed = { images: 0, layers: 0, engineBytes: 0, unknownLayers: 0 };
      return json(200, {
        unique: none,
        shared: none,
        onlyIn: { dangling: freed, unused: freed },
        layerMetadata: { readable: true, message: null },
        measured: false,
        notMeasuredReason: 'Not measured yet.',
      });
    }
    return json(404, { statusCode: 404, error: 'Not Found', code: 'ROUTE_NOT_FOUND', message: '' });
  });
  vi.stubGlobal('fetch', fetch);
  return { state, fetch };
}

function renderApp(path = '/images') {
  const client = createQueryClient();
  render(<App client={client} router={createTestRouter(path)} />);
  const checkHealth = () =>
    act(() => client.refetchQueries({ queryKey: queryKeys.health(defaultEngineKey) }));
  return { client, checkHealth };
}

const one = image({ id: hexId('a'), repoTags: ['debian:12'], size: 117_000_000 });
const two = image({ id: hexId('b'), repoTags: ['app:1'], size: 125_000_000 });

describe('<App>', () => {
  it('shows the engine, the disk usage and the images when the engine answers', async () => {
    fakeServer({ health: healthUp, images: imageList([one]), disk: diskUsage });
    renderApp();

    const table = await screen.findByRole('table', { name: 'Images' });
    await waitFor(() =>
      expect(table.querySelector(`tr[data-image-id="${one.id}"]`)).not.toBeNull(),
    );
    expect(screen.getByText('27.5.1')).toBeDefined();
    expect(screen.getByText('overlay2')).toBeDefined();
    expect(screen.getByText('Engine connected')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Images' }).getAttribute('aria-current')).toBe('page');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the engine’s figures on the overview and says the disk is not measured yet', async () => {
    fakeServer({ health: healthUp, images: imageList([one]), disk: diskUsage });
    renderApp('/');
    const footprint = await screen.findByRole('table', { name: 'Data root by category' });
    const containers = footprint.querySelector(
      'tr[data-category="container-layers"]',
    ) as HTMLElement;
    // The engine's 30,000 bytes of writable layers; nothing measured on disk yet.
    expect(within(containers).getByText('30kB (30,000 bytes)')).toBeDefined();
    expect(within(containers).getByText('not measured')).toBeDefined();
    expect(screen.getByText('Not measured yet')).toBeDefined();
  });

  it('shows a banner while the engine is down and refreshes everything when it is back', async () => {
    const server = fakeServer({ health: healthUp, images: imageList([one]), disk: diskUsage });
    const { checkHealth } = renderApp();
    await screen.findByRole('table', { name: 'Images' });

    server.state.health = healthDown;
    await checkHealth();
    const banner = await screen.findByRole('alert');
    expect(within(banner).getByText('The Docker engine is not reachable')).toBeDefined();
    expect(within(banner).getByText(healthDown.engine.message as string)).toBeDefined();
    expect(within(banner).getByText('/tmp/nowhere.sock')).toBeDefined();
    expect(banner.textContent).toContain('reconnects by itself');
    // The last figures stay, marked as not current.
    const stale = screen.getAllByText(/^Not current: the engine is unreachable/);
    expect(stale).toHaveLength(1);
    const imagesPanel = screen.getByRole('region', { name: 'Images' });
    expect(imagesPanel.getAttribute('data-stale')).toBe('true');

    // Meanwhile someone builds an image; the engine comes back well within the stale time.
    server.state.images = imageList([one, two]);
    server.state.health = healthUp;
    await checkHealth();
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(await screen.findByText('app:1')).toBeDefined();
    expect(imagesPanel.hasAttribute('data-stale')).toBe(false);
  });

  it('shows the server’s message where the images would be when listing them fails', async () => {
    const server = fakeServer({ health: healthUp, images: imageList([]), disk: diskUsage });
    server.state.imagesError = {
      statusCode: 502,
      error: 'Bad Gateway',
      code: 'ENGINE_ERROR',
      message: 'The Docker engine answered 500: layer store is busy',
    };
    renderApp();
    const error = await screen.findByText('Could not list the images');
    const box = error.closest('.error-message') as HTMLElement;
    expect(within(box).getByText(/layer store is busy/)).toBeDefined();
    expect(within(box).getByText('Error code: ENGINE_ERROR')).toBeDefined();
  });

  it('says how to get images when there are none', async () => {
    fakeServer({ health: healthUp, images: imageList([]), disk: diskUsage });
    renderApp();
    expect(await screen.findByText('No images yet')).toBeDefined();
    expect(screen.getByText('docker pull debian:12')).toBeDefined();
  });

  it('shows the banner when the server itself does not answer', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    renderApp();
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('The docker-footprint server is not answering');
  });
});
