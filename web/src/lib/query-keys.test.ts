import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { isAppWideRoute } from '@footprint/shared';
import { engineApi } from './engine-api';
import { queryKeysOf, scanDoneKeys } from './live-events';
import { defaultEngineKey, engineKeyOf, queryKeys } from './query-keys';

describe('query keys', () => {
  it('puts each engine’s keys under its own prefix, and the app’s under none', () => {
    expect(queryKeys.images('b')).toEqual(['engine', 'b', 'images']);
    expect(queryKeys.idleImages('b', 30)).toEqual(['engine', 'b', 'images', 'unused-for-days', 30]);
    expect(queryKeys.session()).toEqual(['session']);
    expect(queryKeys.registry('127.0.0.1:5000')).toEqual(['registries', '127.0.0.1:5000']);
    expect(engineKeyOf(queryKeys.health('b'))).toEqual({ key: 'b', part: 'health' });
    expect(engineKeyOf(queryKeys.engines())).toBeNull();
  });

  it('never gives the default engine’s key to an engine ID', () => {
    // Engine IDs are [a-z0-9][a-z0-9-]*: the unscoped routes' key cannot be one.
    expect(/^[a-z0-9][a-z0-9-]{0,62}$/.test(defaultEngineKey)).toBe(false);
  });
});

describe('live events', () => {
  it('invalidates the queries an inventory-changed event names, each once, of its engine', () => {
    expect(queryKeysOf('b', ['images', 'disk', 'images'])).toEqual([
      ['engine', 'b', 'images'],
      ['engine', 'b', 'layers'],
      ['engine', 'b', 'disk'],
    ]);
    expect(queryKeysOf(defaultEngineKey, ['build-cache'])).toEqual([
      ['engine', defaultEngineKey, 'build-cache'],
    ]);
  });

  it('leaves another engine’s queries as they are', async () => {
    const client = new QueryClient();
    for (const key of ['a', 'b']) {
      client.setQueryData(queryKeys.images(key), { images: [] });
      client.setQueryData(queryKeys.image(key, 'sha256:1'), {});
      client.setQueryData(queryKeys.disk(key), {});
    }
    for (const queryKey of [...queryKeysOf('b', ['images', 'disk']), ...scanDoneKeys('b')]) {
      await client.invalidateQueries({ queryKey });
    }
    const invalidated = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(invalidated(queryKeys.images('b'))).toBe(true);
    expect(invalidated(queryKeys.image('b', 'sha256:1'))).toBe(true);
    expect(invalidated(queryKeys.disk('b'))).toBe(true);
    expect(invalidated(queryKeys.images('a'))).toBe(false);
    expect(invalidated(queryKeys.image('a', 'sha256:1'))).toBe(false);
    expect(invalidated(queryKeys.disk('a'))).toBe(false);
  });
});

describe('engineApi', () => {
  it('asks an engine’s routes under its prefix, the default engine’s and the app’s as they are', () => {
    const b = engineApi('b');
    expect(b.path('/api/images?unusedForDays=30')).toBe('/api/engines/b/images?unusedForDays=30');
    expect(b.path('/api/events')).toBe('/api/engines/b/events');
    expect(b.path('/api/pull/p1/events')).toBe('/api/engines/b/pull/p1/events');
    expect(b.path('/api/session')).toBe('/api/session');
    expect(b.path('/api/registries/127.0.0.1%3A5000/crawl')).toBe(
      '/api/registries/127.0.0.1%3A5000/crawl',
    );
    expect(b.path('/api/engines')).toBe('/api/engines');
    expect(engineApi(null).path('/api/images')).toBe('/api/images');
    expect(engineApi(null).key).toBe(defaultEngineKey);
    expect(engineApi('b')).toBe(b);
  });

  it('knows the app-wide routes by whole segments', () => {
    expect(isAppWideRoute('/api/sessions')).toBe(false);
    expect(isAppWideRoute('/api/session')).toBe(true);
    expect(isAppWideRoute('/api/engines/b/enabled')).toBe(true);
  });
});
