import type { PrunePreview } from '@footprint/shared';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { hexId } from '../../../test/fixtures';
import { PruneConfirmDialog } from './prune-confirm-dialog';

const preview: PrunePreview = {
  previewId: 'p1',
  createdAt: '2026-01-01T00:00:00Z',
  expiresAt: '2026-01-01T00:10:00Z',
  request: { kinds: ['stopped-containers', 'dangling-images', 'anonymous-volumes'] },
  items: [
    {
      kind: 'container',
      id: 'c'.repeat(64),
      name: 'old-job',
      reason: 'stopped-containers',
      bytes: 64_000,
      bytesKnown: true,
      diskBytes: 77_824,
    },
    {
      kind: 'image',
      id: hexId('d'),
      name: '',
      reason: 'dangling-images',
      bytes: 1_982_296,
      bytesKnown: true,
      diskBytes: 2_125_824,
    },
    {
      kind: 'volume',
      id: 'e'.repeat(64),
      name: 'evil\u202Etxt.exe',
      reason: 'anonymous-volumes',
      bytes: 0,
      bytesKnown: false,
      diskBytes: 8192,
    },
  ],
  totals: {
    containers: { count: 1, bytes: 64_000 },
    images: { count: 1, bytes: 1_982_296 },
    volumes: { count: 1, bytes: 0 },
    buildCache: { count: 0, bytes: 0 },
  },
  totalBytes: 2_046_296,
  disk: { totalBytes: 2_211_840, complete: true, measuredAt: '2026-01-01T00:00:00Z', note: null },
  lastUseKnownSince: '2026-01-01T00:00:00Z',
  notes: [],
};

describe('<PruneConfirmDialog>', () => {
  it('lists exactly the preview’s items with their bytes and the total', () => {
    render(
      <PruneConfirmDialog
        preview={preview}
        busy={false}
        onConfirm={() => {}}
        onCancel={() => {}}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Remove these 3 items?' });
    const rows = within(dialog)
      .getAllByRole('row')
      .filter((row) => row.dataset.itemId);
    expect(rows.map((row) => [row.dataset.kind, row.dataset.itemId])).toEqual(
      preview.items.map((item) => [item.kind, item.id]),
    );
    expect(
      rows.map((row) => row.querySelector('[data-bytes]')?.getAttribute('data-bytes') ?? null),
    ).toEqual(['64000', '1982296', null]);
    expect(within(dialog).getByTestId('prune-total').getAttribute('data-bytes')).toBe('2046296');
    expect(dialog.textContent).toContain('2.046MB');
    // Both measures, each labelled: the engine's and on disk (du -B1).
    expect(
      rows.map((row) => row.querySelector('[data-disk-bytes]')?.getAttribute('data-disk-bytes')),
    ).toEqual(['77824', '2125824', '8192']);
    expect(within(dialog).getByTestId('prune-disk-total').getAttribute('data-disk-bytes')).toBe(
      '2211840',
    );
    expect(within(dialog).getByRole('columnheader', { name: 'Frees (engine)' })).toBeTruthy();
    expect(within(dialog).getByRole('columnheader', { name: 'Frees on disk' })).toBeTruthy();
    expect(dialog.textContent).toContain('2,211,840 bytes) on disk');
    // A name from the engine shows its bidi override as an escape, never applied.
    expect(dialog.textContent).toContain('evil\\u{202e}txt.exe');
    expect(dialog.textContent).not.toContain('\u202E');
  });

  it('says when some on-disk figures are not known before, and why', () => {
    const partial: PrunePreview = {
      ...preview,
      items: preview.items.map((item, index) =>
        index === 2 ? { ...item, diskBytes: null } : item,
      ),
      disk: {
        totalBytes: 2_203_648,
        complete: false,
        measuredAt: '2026-01-01T00:00:00Z',
        note: 'Build cache records have no on-disk figure before the prune.',
      },
    };
    render(
      <PruneConfirmDialog
        preview={partial}
        busy={false}
        onConfirm={() => {}}
        onCancel={() => {}}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Remove these 3 items?' });
    expect(dialog.textContent).toContain('on disk and more');
    expect(dialog.textContent).toContain('Build cache records have no on-disk figure');
    expect(dialog.textContent).toContain('measured after');
  });

  it('runs only when confirmed, and can be cancelled', () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(
      <PruneConfirmDialog
        preview={preview}
        busy={false}
        onConfirm={onConfirm}
        onCancel={onCancel}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledOnce();
    expect(onConfirm).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Prune 3 items' }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });
});
