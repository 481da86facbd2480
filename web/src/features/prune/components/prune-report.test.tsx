import type { PruneItemResult, PruneResult } from '@footprint/shared';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { hexId } from '../../../test/fixtures';
import { PruneReport } from './prune-report';

const result: PruneResult = {
  previewId: 'p1',
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:00:02Z',
  complete: true,
  items: [
    {
      kind: 'image',
      id: hexId('d'),
      name: 'old:1',
      outcome: 'removed',
      message: null,
      previewBytes: 1_982_296,
      previewDiskBytes: 2_125_824,
      reclaimedBytes: 1_982_296,
    },
  ],
  previewBytes: 1_982_296,
  reclaimedBytes: 1_982_296,
  previewDisk: {
    totalBytes: 2_125_824,
    complete: true,
    measuredAt: '2026-01-01T00:00:00Z',
    note: null,
  },
  disk: {
    beforeBytes: 10_000_000,
    afterBytes: 7_874_176,
    reclaimedBytes: 2_125_824,
    measuredAt: '2026-01-01T00:00:02Z',
  },
  diskNote: null,
  newSincePreview: [],
  error: null,
};

describe('<PruneReport>', () => {
  it('says what came back in both measures: the engine’s, and the data root measured', () => {
    render(<PruneReport result={result} />);
    expect(screen.getByTestId('reclaimed-bytes').getAttribute('data-bytes')).toBe('1982296');
    const disk = screen.getByTestId('reclaimed-disk');
    expect(disk.querySelector('[data-disk-bytes]')?.getAttribute('data-disk-bytes')).toBe(
      '2125824',
    );
    expect(disk.textContent).toContain('The data root lost');
    expect(disk.textContent).toContain('10,000,000 bytes) before');
    expect(disk.textContent).toContain('7,874,176 bytes) after');
  });

  it('names each item, or says it has no name, with its ID in a column of its own', () => {
    render(
      <PruneReport
        result={{ ...result, items: [{ ...(result.items[0] as PruneItemResult), name: '' }] }}
      />,
    );
    const row = screen.getByTestId('prune-results').querySelector('tbody tr');
    const cells = [...(row?.querySelectorAll('td') ?? [])].map((cell) => cell.textContent);
    expect(cells.slice(0, 4)).toEqual(['Image', 'unnamed', 'dddddddddddd', 'Removed']);
  });

  it('says why the disk was not measured instead of a figure', () => {
    render(
      <PruneReport
        result={{ ...result, disk: null, diskNote: 'The data root is not readable here.' }}
      />,
    );
    expect(screen.queryByTestId('reclaimed-disk')).toBeNull();
    expect(screen.getByTestId('reclaimed-disk-note').textContent).toBe(
      'The data root is not readable here.',
    );
  });
});
