import type {
  RegistryView as View,
  TagDeletionPreview,
  TagDeletionResult,
} from '@footprint/shared';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allowed, clientWithSession, readOnly, withProviders } from '../../../test/session';
import { RegistryView } from './registry-view';

const host = '127.0.0.1:5000';
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const gc = {
  dryRun: 'registry garbage-collect --dry-run --delete-untagged /etc/docker/registry/config.yml',
  run: 'registry garbage-collect --delete-untagged /etc/docker/registry/config.yml',
  warning: 'Make the registry read-only while the collector runs.',
  notes: ['Run the dry run first.'],
};

const view: View = {
  host,
  crawl: {
    state: 'done',
    startedAt: '2026-12-07T05:00:00.000Z',
    finishedAt: '2026-12-07T05:00:02.000Z',
    repositoriesTotal: 2,
    repositoriesDone: 2,
    manifestsFetched: 3,
    repositoriesFailed: 0,
    message: null,
  },
  crawledAt: '2026-12-07T05:00:02.000Z',
  markedBytes: 2776,
  tagSumBytes: 4315,
  reclaimableNowBytes: 559,
  gc,
  localNote: null,
  repositories: [
    {
      name: 'team/app',
      empty: false,
      storedBytes: 2254,
      onlyHeldBytes: 1254,
      error: null,
      untagged: [{ digest: digest('0'), kind: 'image', compressedBytes: 1060, sweptBytes: 559 }],
      tags: [
        {
          tag: '2',
          digest: digest('2'),
          kind: 'image',
          compressedBytes: 1042,
          platforms: [],
          sameDigestTags: ['latest'],
          onlyHeldBytes: 543,
          local: { imageId: digest('c'), match: 'digest', size: 5_000_000, uniqueSize: 1_000 },
        },
        {
          tag: 'latest',
          digest: digest('2'),
          kind: 'image',
          compressedBytes: 1042,
          platforms: [],
          sameDigestTags: ['2'],
          onlyHeldBytes: 543,
          local: null,
        },
      ],
    },
    {
      name: 'empty/one',
      empty: true,
      storedBytes: 0,
      onlyHeldBytes: 0,
      error: null,
      untagged: [],
      tags: [],
    },
  ],
};

const preview: TagDeletionPreview = {
  host,
  repository: 'team/app',
  tag: '2',
  digest: digest('2'),
  tagsRemoved: ['2', 'latest'],
  freedBytes: 543,
  freedBlobs: 3,
  crawledAt: view.crawledAt ?? '',
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** The server, as far as this page asks it: the view, the preview, then `deletion`. */
function serve(deletion: Response) {
  const fetch = vi.fn((path: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    if (method === 'GET') return Promise.resolve(json(view));
    if (path.endsWith('/delete/preview')) return Promise.resolve(json(preview));
    if (path.endsWith('/delete')) return Promise.resolve(deletion);
    return Promise.reject(new Error(`unexpected ${method} ${path}`));
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

async function openDeleteDialog() {
  fireEvent.click(await screen.findByRole('button', { name: 'team/app' }));
  fireEvent.click(screen.getByRole('button', { name: 'Delete team/app:2 from the registry' }));
  return screen.findByTestId('registry-delete-preview');
}

describe('<RegistryView>', () => {
  it('lists repositories with the bytes only each holds, empty ones and untagged manifests', async () => {
    serve(json({}));
    render(withProviders(clientWithSession(allowed), <RegistryView host={host} />));
    const table = await screen.findByTestId('registry-repositories');
    const app = table.querySelector('[data-repository="team/app"]');
    expect(app?.querySelector('[data-bytes="1254"]')).not.toBeNull();
    expect(app?.textContent).toContain('1 untagged manifest');
    expect(table.querySelector('[data-repository="empty/one"]')?.textContent).toContain('empty');
    expect(screen.getByTestId('registry-marked').getAttribute('data-bytes')).toBe('2776');

    fireEvent.click(screen.getByRole('button', { name: 'team/app' }));
    const row = table.querySelector('[data-tag="2"]');
    expect(row?.querySelector('[data-local="digest"]')?.textContent).toContain('5MB');
    expect(row?.textContent).toContain('+1 same digest');
    expect(table.querySelector('[data-tag="latest"]')?.textContent).toContain('not pulled');
    expect(screen.getByTestId('untagged-manifests').textContent).toContain('559B');
  });

  it('previews a deletion by digest with every tag on it, then reports the GC step', async () => {
    const fetch = serve(
      json({
        host,
        repository: 'team/app',
        digest: digest('2'),
        tagsRemoved: ['2', 'latest'],
        freedBytes: 543,
        gc,
      } satisfies TagDeletionResult),
    );
    render(withProviders(clientWithSession(allowed), <RegistryView host={host} />));
    const shown = await openDeleteDialog();
    expect(within(shown).getByTestId('registry-tags-removed').textContent).toContain('latest');
    expect(within(shown).getByTestId('registry-freed').getAttribute('data-bytes')).toBe('543');

    fireEvent.click(screen.getByRole('button', { name: 'Delete manifest' }));
    const report = await screen.findByTestId('registry-delete-report');
    const sent = fetch.mock.calls.find(([path]) => String(path).endsWith('/delete'));
    expect(JSON.parse(String(sent?.[1]?.body))).toEqual({
      repository: 'team/app',
      tag: '2',
      digest: digest('2'),
    });
    expect(within(report).getByTestId('gc-dry-run').textContent).toBe(gc.dryRun);
    expect(within(report).getByTestId('gc-run').textContent).toBe(gc.run);
    expect(within(report).getByTestId('gc-warning').textContent).toContain('read-only');
  });

  it('keeps the registry’s refusal in the dialog, naming storage.delete.enabled', async () => {
    serve(
      json(
        {
          statusCode: 409,
          error: 'Conflict',
          code: 'REGISTRY_DELETE_DISABLED',
          message: `The registry ${host} does not allow deleting manifests. Its operator enables it with \`storage.delete.enabled: true\`.`,
        },
        409,
      ),
    );
    render(withProviders(clientWithSession(allowed), <RegistryView host={host} />));
    await openDeleteDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Delete manifest' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('storage.delete.enabled');
    expect(alert.textContent).toContain('REGISTRY_DELETE_DISABLED');
    expect(screen.getByTestId('registry-delete-dialog')).toBeTruthy();
  });

  it('offers no deletion in read-only mode', async () => {
    serve(json({}));
    render(withProviders(clientWithSession(readOnly), <RegistryView host={host} />));
    fireEvent.click(await screen.findByRole('button', { name: 'team/app' }));
    expect(screen.queryByRole('button', { name: /Delete team\/app/ })).toBeNull();
  });
});
