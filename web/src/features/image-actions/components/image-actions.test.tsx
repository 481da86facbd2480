import type { ImageDetail, ImageRemovalList, RemovalPreview } from '@footprint/shared';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { hexId } from '../../../test/fixtures';
import {
  allowed,
  clientWithSession,
  readOnly,
  unauthorized,
  withProviders,
} from '../../../test/session';
import { ImageActions } from './image-actions';

const image: ImageDetail = {
  id: hexId('a'),
  repoTags: ['app:1', 'app:latest'],
  repoDigests: [],
  created: '2026-01-01T00:00:00Z',
  dangling: false,
  containers: 0,
  size: 5_000_000,
  sharedSize: 1_000_000,
  uniqueSize: 4_000_000,
  layers: [],
  history: [],
  graphDriver: { name: 'overlay2', lowerDir: [], upperDir: null, mergedDir: null, workDir: null },
  labels: {},
  layerMetadata: { readable: true, message: null },
};

function renderWith(session: typeof allowed) {
  return render(withProviders(clientWithSession(session), <ImageActions image={image} />));
}

describe('<ImageActions>', () => {
  it('shows no change in read-only mode, only the download', () => {
    renderWith(readOnly);
    expect(screen.queryAllByRole('button')).toEqual([]);
    const save = screen.getByRole('link', { name: 'Save as tar' });
    expect(save.getAttribute('href')).toBe(
      `/api/images/${encodeURIComponent(image.id)}/save?tag=app%3A1`,
    );
    expect(save.hasAttribute('download')).toBe(true);
  });

  it('saves under the chosen tag, or by ID without a name', () => {
    renderWith(allowed);
    const save = screen.getByRole('link', { name: 'Save as tar' });
    fireEvent.change(screen.getByLabelText('Save under'), { target: { value: '1' } });
    expect(save.getAttribute('href')).toMatch(/\/save\?tag=app%3Alatest$/);
    fireEvent.change(screen.getByLabelText('Save under'), { target: { value: '' } });
    expect(save.getAttribute('href')).toBe(`/api/images/${encodeURIComponent(image.id)}/save`);
  });

  it('shows the note about the printed URL instead of the controls without a session', () => {
    renderWith(unauthorized);
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(screen.getByTestId('session-note').textContent).toMatch(
      /open the URL the server printed/,
    );
  });

  it('offers untag per tag and remove when allowed', () => {
    renderWith(allowed);
    expect(screen.getByRole('button', { name: 'Untag app:1' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Untag app:latest' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove image…' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add tag…' })).toBeTruthy();
  });

  it('shows why removal was refused before it offers force, then sends force', async () => {
    const preview: RemovalPreview = {
      images: [{ id: image.id, bytes: 4_000_000, diskBytes: 4_100_096 }],
      totalBytes: 4_000_000,
      disk: { totalBytes: 4_100_096, complete: true, measuredAt: null, note: null },
    };
    const conflict: ImageRemovalList = {
      results: [
        {
          id: image.id,
          outcome: 'conflict',
          untagged: [],
          deleted: [],
          code: 'IMAGE_HAS_SEVERAL_TAGS',
          message: 'Image aaaaaaaaaaaa is tagged 2 times: app:1, app:latest.',
        },
      ],
      disk: {
        beforeBytes: 9_000,
        afterBytes: 9_000,
        reclaimedBytes: 0,
        measuredAt: '2026-01-01T00:00:00Z',
      },
      diskNote: null,
    };
    const removed: ImageRemovalList = {
      results: [
        {
          id: image.id,
          outcome: 'removed',
          untagged: ['app:1', 'app:latest'],
          deleted: [image.id],
          code: null,
          message: null,
        },
      ],
      disk: {
        beforeBytes: 10_000_000,
        afterBytes: 5_899_904,
        reclaimedBytes: 4_100_096,
        measuredAt: '2026-01-01T00:00:01Z',
      },
      diskNote: null,
    };
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(new Response(JSON.stringify(preview), { status: 200 }))
      .mockResolvedValueOnce(new Response(JSON.stringify(conflict), { status: 200 }))
      .mockResolvedValueOnce(new Response(JSON.stringify(removed), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    renderWith(allowed);

    fireEvent.click(screen.getByRole('button', { name: 'Remove image…' }));
    const confirm = screen.getByRole('dialog', { name: 'Remove 1 image?' });
    const total = await within(confirm).findByTestId('freed-bytes');
    expect(total.getAttribute('data-bytes')).toBe('4000000');
    expect(within(confirm).getByTestId('freed-disk-bytes').getAttribute('data-bytes')).toBe(
      '4100096',
    );
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/images/remove/preview');
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({
      method: 'POST',
      body: JSON.stringify({ ids: [image.id] }),
    });
    expect(within(confirm).queryByRole('button', { name: /force/i })).toBeNull();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Remove 1 image' }));

    const report = await screen.findByRole('dialog', { name: 'Removed 0 of 1 image' });
    expect(report.textContent).toContain('tagged 2 times');
    expect(within(report).getByTestId('removed-engine-bytes').getAttribute('data-bytes')).toBe('0');
    expect(fetch.mock.calls[1]?.[0]).toBe('/api/images/remove');
    expect(fetch.mock.calls[1]?.[1]).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: [image.id] }),
    });
    fireEvent.click(within(report).getByRole('button', { name: 'Remove 1 with force…' }));
    const force = screen.getByRole('dialog', { name: 'Remove 1 with force?' });
    expect(force.textContent).toContain('Force drops every tag');
    fireEvent.click(within(force).getByRole('button', { name: 'Remove with force' }));

    const done = await screen.findByRole('dialog', { name: 'Removed 1 of 1 image' });
    expect(fetch.mock.calls[2]?.[1]).toMatchObject({
      body: JSON.stringify({ ids: [image.id], force: true }),
    });
    expect(within(done).getByTestId('removed-engine-bytes').getAttribute('data-bytes')).toBe(
      '4000000',
    );
    // Each request measured on its own: the first lost nothing, the one with force 4.1 MB.
    expect(
      within(done)
        .getAllByTestId('reclaimed-disk-bytes')
        .map((line) => [line.getAttribute('data-bytes'), line.textContent?.split(':')[0]]),
    ).toEqual([
      ['0', 'The removal'],
      ['4100096', 'With force'],
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.getByTestId('image-gone')).toBeTruthy());
  });
});
