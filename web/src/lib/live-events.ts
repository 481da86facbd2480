import type { InventoryChangedEvent, ScanProgressEvent } from '@footprint/shared';
import { apiRoutes } from '@footprint/shared';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';

type Resource = InventoryChangedEvent['resources'][number];

/**
 * The query keys each resource of an `inventory-changed` event invalidates. Keys are prefixes:
 * ['images'] also covers ['images', id].
 */
export const queryKeysByResource: Record<Resource, readonly (readonly string[])[]> = {
  images: [['images'], ['layers']],
  containers: [['containers']],
  volumes: [['volumes']],
  'build-cache': [['build-cache']],
  disk: [['disk']],
};

/** Every distinct query key an event names, for invalidation. */
export function queryKeysOf(resources: readonly Resource[]): (readonly string[])[] {
  const keys = new Map<string, readonly string[]>();
  for (const resource of resources) {
    for (const key of queryKeysByResource[resource] ?? []) keys.set(key.join('/'), key);
  }
  return [...keys.values()];
}

/** The last scan-progress event, shared by every component that shows it. */
let scanProgress: ScanProgressEvent | null = null;
const listeners = new Set<() => void>();

function setScanProgress(event: ScanProgressEvent | null) {
  scanProgress = event;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The data-root scan in progress (or just finished), from `scan-progress` events; else null. */
export function useScanProgress(): ScanProgressEvent | null {
  return useSyncExternalStore(
    subscribe,
    () => scanProgress,
    () => null,
  );
}

function invalidate(client: QueryClient, keys: readonly (readonly string[])[]) {
  for (const queryKey of keys) void client.invalidateQueries({ queryKey });
}

function parse<T>(message: MessageEvent): T | null {
  try {
    return JSON.parse(String(message.data)) as T;
  } catch {
    return null;
  }
}

/**
 * One EventSource for the whole app (GET /api/events). Events only notify: each one invalidates
 * the queries it names and TanStack Query re-fetches those on screen. The browser reconnects by
 * itself after a drop (the server sends `retry:`).
 */
export function useLiveEvents(): void {
  const client = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(apiRoutes.events);
    source.addEventListener('inventory-changed', (message) => {
      const event = parse<InventoryChangedEvent>(message as MessageEvent);
      if (event) invalidate(client, queryKeysOf(event.resources));
    });
    source.addEventListener('engine', () => invalidate(client, [['health']]));
    source.addEventListener('scan-progress', (message) => {
      const event = parse<ScanProgressEvent>(message as MessageEvent);
      if (event === null) return;
      setScanProgress(event);
      if (event.phase !== 'running') {
        invalidate(client, [['disk'], ['layers'], ['containers'], ['image']]);
      }
    });
    return () => source.close();
  }, [client]);
}
