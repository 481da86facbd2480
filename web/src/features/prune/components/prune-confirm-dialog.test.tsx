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
    },
    {
      kind: 'image',
      id: hexId('d'),
      name: '',
      reason: 'dangling-images',
      bytes: 1_982_296,
      bytesKnown: true,
    },
    {
      kind: 'volume',
      id: 'e'.repeat(64),
      name: 'evil\u202Etxt.exe',
      reason: 'anonymous-volumes',
      bytes: 0,
      bytesKnown: false,
    },
  ],
  totals: {
    containers: { count: 1, bytes: 64_000 },
    images: { count: 1, bytes: 1_982_296 },
    volumes: { count: 1, bytes: 0 },
    buildCache: { count: 0, bytes: 0 },
  },
  totalBytes: 2_046_296,
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
    // A name from the engine shows its bidi override as an escape, never applied.
    expect(dialog.textContent).toContain('evil\\u{202e}txt.exe');
    expect(dialog.textContent).not.toContain('\u202E');
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
