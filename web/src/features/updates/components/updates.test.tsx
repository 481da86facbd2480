import type {
  ImageDetail,
  ImageUpdate,
  PullPreview,
  RemovalPreview,
  UpdateList,
} from '@footprint/shared';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hexId } from '../../../test/fixtures';
import {
  allowed,
  clientWithSession,
  readOnly,
  unauthorized,
  withProviders,
} from '../../../test/session';
import { defaultEngineKey, queryKeys } from '../../../lib/query-keys';
import { onlyWithUpdates, updateAvailableIds } from '../utils/update-labels';
import { UpdateBadge } from './update-badge';
import { UpdatesBar } from './updates-bar';
import { UpdateSection } from './update-section';

const updatesQueryKey = queryKeys.imageUpdates(defaultEngineKey);

const id = hexId('a');
const digest = (digit: string) => `sha256:${digit.repeat(64)}`;

function result(fields: Partial<ImageUpdate> = {}): ImageUpdate {
  return {
    id,
    state: 'update-available',
    checkedAt: '2026-12-07T05:00:00.000Z',
    repoTags: ['127.0.0.1:5000/app:1'],
    tags: [
      {
        reference: '127.0.0.1:5000/app:1',
        registry: '127.0.0.1:5000',
        state: 'update-available',
        remoteDigest: digest('d'),
        platformDigest: null,
        decidedBy: 'manifest-digest',
        requests: { head: 1, get: 0 },
        rateLimit: { limit: 100, remaining: 76 },
        message: null,
      },
    ],
    message: null,
    tagsChanged: false,
    ...fields,
  };
}

function list(results: ImageUpdate[], progress: Partial<UpdateList['progress']> = {}): UpdateList {
  return {
    results,
    progress: {
      running: false,
      done: 0,
      total: 0,
      startedAt: null,
      finishedAt: null,
      trigger: null,
      ...progress,
    },
    settings: { intervalMinutes: 0 },
    nextCheckAt: null,
    rateLimits: [],
  };
}

/** Answers each API path the components ask, and records what was sent. */
function stubApi(answers: Record<string, unknown>) {
  const fetch = vi.fn((path: string, _init?: RequestInit) => {
    const answer = answers[path];
    return Promise.resolve(
      answer === undefined
        ? new Response(JSON.stringify({ code: 'ROUTE_NOT_FOUND', message: path }), { status: 404 })
        : new Response(JSON.stringify(answer), { status: path.endsWith('/check') ? 202 : 200 }),
    );
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

describe('<UpdateBadge>', () => {
  it('says "update available", and a failure as a warning, never as up to date', () => {
    const { rerender } = render(<UpdateBadge result={result()} />);
    expect(screen.getByTestId('update-badge').textContent).toBe('update available');
    rerender(
      <UpdateBadge
        result={result({ state: 'registry-offline', message: 'The registry x is not reachable' })}
      />,
    );
    const badge = screen.getByTestId('update-badge');
    expect(badge.textContent).toBe('registry offline');
    expect(badge.className).toContain('badge-warn');
    expect(badge.getAttribute('title')).toContain('not reachable');
    rerender(<UpdateBadge result={result({ state: 'up-to-date' })} />);
    expect(screen.queryByTestId('update-badge')).toBeNull();
  });
});

describe('update filter', () => {
  it('keeps only images with an update when on', () => {
    const ids = updateAvailableIds(
      list([result(), result({ id: hexId('b'), state: 'rate-limited' })]),
    );
    const rows = [{ id }, { id: hexId('b') }, { id: hexId('c') }];
    expect(onlyWithUpdates(rows, ids)).toEqual([{ id }]);
    expect(onlyWithUpdates(rows, null)).toEqual(rows);
  });
});

describe('<UpdatesBar>', () => {
  it('starts a check, shows the progress, and counts the updates in the filter', async () => {
    const client = clientWithSession(allowed);
    client.setQueryData(updatesQueryKey, list([result()]));
    const fetch = stubApi({
      '/api/updates/check': { running: true, done: 0, total: 2 },
      '/api/updates': list([result()], { running: true, done: 1, total: 2 }),
    });
    const onFilter = vi.fn();
    render(withProviders(client, <UpdatesBar filterOn={false} onFilter={onFilter} enabled />));
    fireEvent.click(screen.getByLabelText('Update available (1)'));
    expect(onFilter).toHaveBeenCalledWith(true);
    fireEvent.click(screen.getByRole('button', { name: 'Check for updates' }));
    const progress = await screen.findByTestId('update-progress');
    expect(progress.textContent).toContain('Checking 1 of 2 images');
    const post = fetch.mock.calls.find(([path]) => path === '/api/updates/check');
    expect(post?.[1]).toMatchObject({ method: 'POST', body: '{}' });
  });

  it('offers no check without a session', () => {
    const client = clientWithSession(unauthorized);
    client.setQueryData(updatesQueryKey, list([]));
    render(withProviders(client, <UpdatesBar filterOn={false} onFilter={vi.fn()} enabled />));
    expect(
      (screen.getByRole('button', { name: 'Check for updates' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });
});

describe('<UpdateSection>', () => {
  const image: ImageDetail = {
    id,
    repoTags: ['127.0.0.1:5000/app:1'],
    repoDigests: [`127.0.0.1:5000/app@${digest('1')}`],
    created: '2026-01-01T00:00:00Z',
    dangling: false,
    containers: 0,
    size: 5_000_000,
    sharedSize: 0,
    uniqueSize: 5_000_000,
    layers: [
      {
        diffId: digest('2'),
        chainId: digest('3'),
        cacheId: 'x',
        size: 1_000_000,
        sharedBy: [id],
        directory: null,
        diskBytes: 1_003_520,
        apparentBytes: 1_000_000,
        files: 1,
        notMeasuredReason: null,
      },
    ],
    history: [],
    graphDriver: { name: 'overlay2', lowerDir: [], upperDir: null, mergedDir: null, workDir: null },
    labels: {},
    layerMetadata: { readable: true, message: null },
  };
  const removal: RemovalPreview = {
    images: [{ id, bytes: 5_000_000, diskBytes: 5_013_504 }],
    totalBytes: 5_000_000,
    disk: { totalBytes: 5_013_504, complete: true, measuredAt: null, note: null },
  };
  const pull = {
    reference: '127.0.0.1:5000/app:1',
    layers: [{ chainId: digest('3'), local: true }],
    downloadBytes: 123_456,
    downloadLayers: 1,
    reusedLayers: 1,
    downloadExact: true,
    estimatedDiskBytes: { bytes: 300_000, exact: false, basis: 'gzip ISIZE of 1 layer' },
  } as unknown as PullPreview;

  it('shows the check, the download from the pull preview and the removal preview’s figures', async () => {
    const client = clientWithSession(allowed);
    client.setQueryData(updatesQueryKey, list([result()]));
    const fetch = stubApi({ '/api/pull/preview': pull, '/api/images/remove/preview': removal });
    render(withProviders(client, <UpdateSection image={image} stale={false} />));
    const section = screen.getByTestId('update-section');
    expect(within(section).getByTestId('update-state').getAttribute('data-state')).toBe(
      'update-available',
    );
    expect(within(section).getByTestId('update-requests').textContent).toBe('1 HEAD · 0 GET');
    const download = await within(section).findByTestId('update-download-bytes');
    expect(download.getAttribute('data-bytes')).toBe('123456');
    const freed = await within(section).findByTestId('update-freed-bytes');
    expect(freed.getAttribute('data-bytes')).toBe('5000000');
    expect(within(section).getByTestId('update-freed-disk-bytes').getAttribute('data-bytes')).toBe(
      '5013504',
    );
    expect(within(section).getByTestId('update-disk-estimate').textContent).toContain(
      'an estimate',
    );
    await waitFor(() =>
      expect(within(section).getByTestId('update-kept-layers').textContent).toMatch(
        /^1 of the layers only this image holds/,
      ),
    );
    const pullCall = fetch.mock.calls.find(([path]) => path === '/api/pull/preview');
    expect(pullCall?.[1]).toMatchObject({ body: JSON.stringify({ reference: pull.reference }) });
  });

  it('in read-only mode, asks no removal preview and says why', async () => {
    const client = clientWithSession(readOnly);
    client.setQueryData(updatesQueryKey, list([result()]));
    const fetch = stubApi({ '/api/pull/preview': pull });
    render(withProviders(client, <UpdateSection image={image} stale={false} />));
    expect(await screen.findByTestId('update-download-bytes')).toBeTruthy();
    expect(screen.getByTestId('update-reclaimable').textContent).toMatch(/^Read-only mode/);
    expect(fetch.mock.calls.map(([path]) => path)).not.toContain('/api/images/remove/preview');
  });

  it('says a failed check as such, with the registry’s message', () => {
    const client = clientWithSession(allowed);
    client.setQueryData(
      updatesQueryKey,
      list([
        result({
          state: 'registry-offline',
          message: 'not reachable (ECONNREFUSED)',
          tags: result().tags.map((tag) => ({
            ...tag,
            state: 'registry-offline' as const,
            remoteDigest: null,
            decidedBy: null,
            message: 'not reachable (ECONNREFUSED)',
          })),
        }),
      ]),
    );
    render(withProviders(client, <UpdateSection image={image} stale={false} />));
    expect(screen.getByTestId('update-state').getAttribute('data-state')).toBe('registry-offline');
    expect(screen.getByTestId('update-message').textContent).toContain('ECONNREFUSED');
    expect(screen.queryByTestId('update-cost')).toBeNull();
  });
});
