import type { ExplorerProgressEvent } from '@footprint/shared';
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DuplicatesProgress, ListingNotes } from './work-progress';

/** A stand-in for the browser's EventSource: the test sends the events. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  readonly listeners = new Map<string, (message: MessageEvent) => void>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (message: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
  }
  send(event: ExplorerProgressEvent) {
    act(() => this.listeners.get(event.type)?.({ data: JSON.stringify(event) } as MessageEvent));
  }
}

const hashing = (
  phase: ExplorerProgressEvent['phase'],
  itemsDone: number,
): ExplorerProgressEvent => ({
  type: 'explorer-progress',
  task: 'duplicates',
  taskId: 'duplicates:1024',
  imageId: null,
  layer: null,
  phase,
  itemsDone,
  itemsTotal: 3400,
  bytesDone: 1_200_000_000,
  bytesTotal: 4_500_000_000,
  message: null,
});

describe('<DuplicatesProgress>', () => {
  it('shows hashing as it runs, files and bytes of the total, and goes when it is done', () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const { unmount } = render(<DuplicatesProgress minBytes={1024} active />);
    const source = FakeEventSource.last as FakeEventSource;
    expect(source.url).toBe('/api/events');
    expect(screen.queryByRole('status')).toBeNull();

    source.send(hashing('running', 120));
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('120 of 3,400 files');
    expect(status.textContent).toContain('1.2GB of 4.5GB');
    const bar = screen.getByRole('progressbar', { name: 'Hashing files of equal size' });
    expect(bar.getAttribute('value')).toBe('1200000000');
    expect(bar.getAttribute('max')).toBe('4500000000');

    // Another minimum's run is not this one.
    source.send({ ...hashing('running', 5), taskId: 'duplicates:65536' });
    expect(screen.getByRole('status').textContent).toContain('120 of 3,400 files');

    source.send(hashing('done', 3400));
    expect(screen.queryByRole('status')).toBeNull();
    unmount();
    expect(source.closed).toBe(true);
  });

  it('says the layers’ file lists are being read before the files to hash are known', () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    render(<DuplicatesProgress minBytes={1024} active />);
    const source = FakeEventSource.last as FakeEventSource;
    source.send({
      ...hashing('running', 250_000),
      itemsTotal: null,
      bytesDone: 20_000_000,
      bytesTotal: 50_000_000,
    });
    expect(screen.getByRole('status').textContent).toContain('250,000 entries read');
    const bar = screen.getByRole('progressbar', {
      name: 'Reading every layer’s file list (once for these images)',
    });
    expect(bar.getAttribute('value')).toBe('20000000');
    expect(bar.getAttribute('max')).toBe('50000000');
  });

  it('opens no connection while nothing is being fetched', () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    FakeEventSource.last = null;
    render(<DuplicatesProgress minBytes={1024} active={false} />);
    expect(FakeEventSource.last).toBeNull();
  });
});

describe('<ListingNotes>', () => {
  it('says what limits a listing', () => {
    render(<ListingNotes notes={['Layer 2 was read from its directory.']} />);
    expect(screen.getByRole('note').textContent).toBe('Layer 2 was read from its directory.');
  });
});
