import type { DiskUsage } from '@footprint/shared';
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { diskUsage } from '../../../test/fixtures';
import { DataRootTotal } from './data-root-total';

const measuredAt = '2026-12-06T21:30:00.000Z';
const disk = (kept: boolean, state: 'running' | 'done'): DiskUsage => ({
  ...diskUsage,
  measurement: {
    ...diskUsage.measurement,
    measured: true,
    measuredAt,
    kept,
    scan: { ...diskUsage.measurement.scan, state },
  },
  dataRoot: {
    path: '/var/lib/docker',
    diskBytes: 8_192_000,
    apparentBytes: 7_000_000,
    files: 12,
    parts: [],
    unexplained: { diskBytes: 8_192_000, apparentBytes: 7_000_000, description: '' },
  },
});

describe('<DataRootTotal>', () => {
  it('says the figures are the kept measurement, and of when, until the scan is done', () => {
    const { container } = render(<DataRootTotal disk={disk(true, 'running')} />);
    const note = container.querySelector('[data-kept-measurement]');
    expect(note?.textContent).toContain(
      `Kept measurement of ${new Date(measuredAt).toLocaleString()}, from before this start`,
    );
    expect(container.textContent).not.toContain(' · measured ');
    expect(container.querySelector('.scan-progress')).not.toBeNull();
  });

  it('says when a measurement of this run was taken, with no kept note', () => {
    const { container } = render(<DataRootTotal disk={disk(false, 'done')} />);
    expect(container.querySelector('[data-kept-measurement]')).toBeNull();
    expect(container.textContent).toContain(` · measured ${new Date(measuredAt).toLocaleString()}`);
  });
});

describe('<DataRootTotal> engine rows', () => {
  const asked = diskUsage.engineMeasuredAt;
  it('says the engine figures are kept from before this start, and of when, while refreshing', () => {
    const { container } = render(
      <DataRootTotal disk={{ ...disk(false, 'done'), engineKept: true }} />,
    );
    expect(container.textContent).toContain(
      `from ${new Date(asked).toLocaleString()}, kept from before the server started; refreshing`,
    );
    expect(container.textContent).not.toContain(' · asked ');
  });

  it('says when the engine was asked once its own answer is in', () => {
    const { container } = render(<DataRootTotal disk={disk(false, 'done')} />);
    expect(container.textContent).toContain(` · asked ${new Date(asked).toLocaleString()}`);
    expect(container.textContent).not.toContain('refreshing');
  });
});
