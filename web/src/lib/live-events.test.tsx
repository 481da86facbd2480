import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { engineApi } from './engine-api';
import { useLiveEvents } from './live-events';
import { defaultEngineKey, queryKeys } from './query-keys';

/** A stand-in for the browser's EventSource: the test sends the events. */
class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readonly listeners = new Map<string, (message: MessageEvent) => void>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (message: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
  }
  send(type: string, data: unknown) {
    act(() => this.listeners.get(type)?.({ data: JSON.stringify(data) } as MessageEvent));
  }
}

function Listener({ engineId }: { engineId: string | null }) {
  useLiveEvents(engineApi(engineId));
  return null;
}

describe('useLiveEvents', () => {
  it('listens to the stream of the engine shown and invalidates that engine’s queries only', () => {
    FakeEventSource.opened = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    for (const key of ['second', defaultEngineKey]) {
      client.setQueryData(queryKeys.images(key), { images: [] });
      client.setQueryData(queryKeys.volumes(key), { volumes: [] });
    }
    const invalidated = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    const view = render(
      <QueryClientProvider client={client}>
        <Listener engineId="second" />
      </QueryClientProvider>,
    );
    const stream = FakeEventSource.opened[0] as FakeEventSource;
    expect(stream.url).toBe('/api/engines/second/events');
    // Coming to the engine: what was kept of it is asked again, the other engine's is not.
    expect(invalidated(queryKeys.images('second'))).toBe(true);
    expect(invalidated(queryKeys.images(defaultEngineKey))).toBe(false);

    client.setQueryData(queryKeys.images('second'), { images: [] });
    stream.send('inventory-changed', { type: 'inventory-changed', resources: ['volumes'] });
    expect(invalidated(queryKeys.volumes('second'))).toBe(true);
    expect(invalidated(queryKeys.images('second'))).toBe(false);
    expect(invalidated(queryKeys.volumes(defaultEngineKey))).toBe(false);

    // The default engine at unprefixed URLs: the unscoped stream, its own keys.
    view.rerender(
      <QueryClientProvider client={client}>
        <Listener engineId={null} />
      </QueryClientProvider>,
    );
    expect(stream.closed).toBe(true);
    const unscoped = FakeEventSource.opened[1] as FakeEventSource;
    expect(unscoped.url).toBe('/api/events');
    client.setQueryData(queryKeys.images(defaultEngineKey), { images: [] });
    client.setQueryData(queryKeys.images('second'), { images: [] });
    unscoped.send('inventory-changed', { type: 'inventory-changed', resources: ['images'] });
    expect(invalidated(queryKeys.images(defaultEngineKey))).toBe(true);
    expect(invalidated(queryKeys.images('second'))).toBe(false);
  });
});
