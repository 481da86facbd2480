import type { InventoryChangedEvent, ScanProgressEvent } from '@footprint/shared';
import { apiRoutes } from '@footprint/shared';
import { type QueryClient, type QueryKey, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import type { EngineApi } from './engine-api';
import { useEngineApi } from './engine-scope';
import { type EngineKey, queryKeys } from './query-keys';

type Resource = InventoryChangedEvent['resources'][number];

/**
 * The query keys each resource of an `inventory-changed` event invalidates, for the engine whose
 * stream it came on. Keys are prefixes: images(e) also covers image updates, idle images and
 * duplicate files of that engine.
 */
export const queryKeysByResource: Record<Resource, (key: EngineKey) => readonly QueryKey[]> = {
  images: (key) => [queryKeys.images(key), queryKeys.layers(key)],
  // A container made or removed changes which images are unused.
  containers: (key) => [queryKeys.containers(key), queryKeys.layerSummary(key)],
  volumes: (key) => [queryKeys.volumes(key)],
  'build-cache': (key) => [queryKeys.buildCache(key)],
  disk: (key) => [queryKeys.disk(key)],
};

/** Every distinct query key an event names, for invalidation: only the engine's own. */
export function queryKeysOf(key: EngineKey, resources: readonly Resource[]): QueryKey[] {
  const keys = new Map<string, QueryKey>();
  for (const resource of resources) {
    for (const queryKey of queryKeysByResource[resource]?.(key) ?? []) {
      keys.set(JSON.stringify(queryKey), queryKey);
    }
  }
  return [...keys.values()];
}

/** What a finished scan changes: the on-disk figures of the lists and of every image's detail. */
export function scanDoneKeys(key: EngineKey): QueryKey[] {
  return [
    queryKeys.disk(key),
    queryKeys.layers(key),
    queryKeys.containers(key),
    queryKeys.imageDetails(key),
  ];
}

/** The last scan-progress event, shared by every component that shows it; null on a switch. */
let scanProgress: { key: EngineKey; event: ScanProgressEvent } | null = null;
const listeners = new Set<() => void>();

function setScanProgress(next: { key: EngineKey; event: ScanProgressEvent } | null) {
  scanProgress = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** This engine's data-root scan in progress (or just finished), from `scan-progress`; else null. */
export function useScanProgress(): ScanProgressEvent | null {
  const api = useEngineApi();
  const current = useSyncExternalStore(
    subscribe,
    () => scanProgress,
    () => null,
  );
  return current !== null && current.key === api.key ? current.event : null;
}

function invalidate(client: QueryClient, keys: readonly QueryKey[]) {
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
 * One EventSource for the engine the page shows (its /api/engines/<id>/events, or /api/events for
 * the default engine at unprefixed URLs). Events only notify: each one invalidates that engine's
 * queries it names, and TanStack Query re-fetches those on screen. The browser reconnects by
 * itself after a drop (the server sends `retry:`).
 *
 * When the page comes to an engine, its queries kept from an earlier visit are asked again: no
 * stream told this page what changed there meanwhile. Queries already on their way are left to
 * finish (cancelRefetch: false), so a first visit asks nothing twice.
 */
export function useLiveEvents(api: EngineApi): void {
  const client = useQueryClient();
  useEffect(() => {
    void client.invalidateQueries(
      { queryKey: queryKeys.engine(api.key) },
      { cancelRefetch: false },
    );
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(api.path(apiRoutes.events));
    source.addEventListener('inventory-changed', (message) => {
      const event = parse<InventoryChangedEvent>(message as MessageEvent);
      if (event) invalidate(client, queryKeysOf(api.key, event.resources));
    });
    source.addEventListener('engine', () =>
      invalidate(client, [queryKeys.health(api.key), queryKeys.engines()]),
    );
    source.addEventListener('scan-progress', (message) => {
      const event = parse<ScanProgressEvent>(message as MessageEvent);
      if (event === null) return;
      setScanProgress({ key: api.key, event });
      if (event.phase !== 'running') invalidate(client, scanDoneKeys(api.key));
    });
    return () => {
      source.close();
      if (scanProgress?.key === api.key) setScanProgress(null);
    };
  }, [client, api]);
}
