import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../lib/query-client';
import { defaultEngineKey, queryKeys } from '../lib/query-keys';
import { preloadPageAt } from './router';

function fakeFetch() {
  const fetch = vi.fn(
    async (_path: string) =>
      new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const asked = (fetch: ReturnType<typeof fakeFetch>) => fetch.mock.calls.map(([path]) => path);

afterEach(() => vi.unstubAllGlobals());

describe('preloadPageAt', () => {
  it('asks the images page’s first data before the page is drawn, under the page’s keys', () => {
    const fetch = fakeFetch();
    const client = createQueryClient();
    preloadPageAt(client, '/images');
    expect(asked(fetch)).toEqual(['/api/images', '/api/layers']);
    for (const key of [queryKeys.images(defaultEngineKey), queryKeys.layers(defaultEngineKey)])
      expect(client.getQueryState(key)?.fetchStatus).toBe('fetching');
  });

  it('asks an engine’s page through that engine’s routes', () => {
    const fetch = fakeFetch();
    const client = createQueryClient();
    preloadPageAt(client, '/engines/second/layers');
    expect(asked(fetch)).toEqual(['/api/engines/second/layers', '/api/engines/second/images']);
    expect(client.getQueryState(queryKeys.layers('second'))?.fetchStatus).toBe('fetching');
  });

  it('asks nothing for the overview (its own first render asks) or pages without first data', () => {
    const fetch = fakeFetch();
    const client = createQueryClient();
    for (const path of ['/', '/volumes', '/engines', '/no-such-page']) preloadPageAt(client, path);
    expect(asked(fetch)).toEqual([]);
  });
});
