import type { Orphans } from '@footprint/shared';
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { diskUsage } from '../../../test/fixtures';
import { reclaimableRows } from '../utils/reclaimable';
import { OrphansTotal } from './orphans-total';

// Two orphan directories holding the same 1,003,520 B file (1,000,003 B apparent): each row
// counts it, the set once. Rows: 1,011,712 + 1,093,632 = 2,105,344 B on disk; together
// 2,105,344 − 1,003,520 = 1,101,824 B, as `du -B1 -s a b`. Apparent: 1,005,004 + 1,070,010
// − 1,000,003 = 1,075,011 B.
const dir = (name: string, diskBytes: number, apparentBytes: number) => ({
  name,
  path: `/var/lib/docker/overlay2/${name}`,
  diskBytes,
  apparentBytes,
  files: 2,
  modifiedAt: null,
});
const orphans: Orphans = {
  dirs: [dir('orphan-b', 1_093_632, 1_070_010), dir('orphan-a', 1_011_712, 1_005_004)],
  diskBytes: 1_101_824,
  apparentBytes: 1_075_011,
  files: 3,
  advice: 'Stop the engine first.',
};

describe('<OrphansTotal>', () => {
  it('shows the set’s own du, not its rows added, and says which figure is which', () => {
    const { container } = render(<OrphansTotal orphans={orphans} />);
    const total = container.querySelector('[data-figure="orphans-total"]');
    expect(total?.getAttribute('data-disk-bytes')).toBe('1101824');
    const exact = [...container.querySelectorAll('.bytes')].map((each) =>
      each.getAttribute('title'),
    );
    expect(exact).toEqual([
      '1,101,824 bytes (measured on disk)',
      '1,075,011 bytes (measured on disk)',
    ]);
    expect(total?.textContent).toContain('allocated (du -B1)');
    expect(total?.textContent).toContain('apparent (du -b)');
    expect(total?.textContent).toContain('3 files');
    expect(total?.textContent).toContain('Shared hard links counted once in the total');
  });

  it('shows nothing when there are no orphans', () => {
    const { container } = render(
      <OrphansTotal orphans={{ ...orphans, dirs: [], diskBytes: 0, apparentBytes: 0, files: 0 }} />,
    );
    expect(container.textContent).toBe('');
  });
});

describe('the Reclaimable card’s orphans row', () => {
  it('is the same total, not the rows added', () => {
    const row = reclaimableRows({ ...diskUsage, orphans }, undefined).find(
      (each) => each.key === 'orphans',
    );
    expect(row).toMatchObject({ bytes: 1_101_824, source: 'disk', count: 2, link: '#orphans' });
    expect(row?.description).toMatch(/shared hard links once/);
  });
});
