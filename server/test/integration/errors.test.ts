import { ApiErrorSchema, apiRoutes, engineScopePrefix, isAppWideRoute } from '@footprint/shared';
import Value from 'typebox/value';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { appOnPrivateEngine, injectHost } from './context.js';

const app = await appOnPrivateEngine();
const missingSocket = '/tmp/footprint-no-engine-here.sock';
const appWithoutEngine = await buildApp({
  dockerHost: `unix://${missingSocket}`,
  allowedHosts: [injectHost],
});
afterAll(async () => {
  await app.close();
  await appWithoutEngine.close();
});

function expectErrorShape(body: unknown, statusCode: number, code: string) {
  expect(Value.Check(ApiErrorSchema, body), JSON.stringify(body)).toBe(true);
  expect(body).toMatchObject({ statusCode, code });
}

describe('bad input', () => {
  it('answers 404 with a JSON message for an unknown image', async () => {
    const unknown = `sha256:${'0'.repeat(64)}`;
    const response = await app.inject({ method: 'GET', url: `/api/images/${unknown}` });
    expect(response.statusCode).toBe(404);
    expectErrorShape(response.json(), 404, 'IMAGE_NOT_FOUND');
    expect(response.json().message).toContain(unknown);
  });

  it.each([
    'UPPER:case',
    '../../containers/json',
    'name with spaces',
    'sha256:xyz',
    'a'.repeat(600),
    'foo:bar?baz',
    'tag:with:colons:everywhere',
  ])('answers 400 for the malformed reference %j before calling the engine', async (reference) => {
    // The engine here does not exist: a 400 (not 503) proves no engine call was made.
    const response = await appWithoutEngine.inject({
      method: 'GET',
      url: `/api/images/${encodeURIComponent(reference)}`,
    });
    expect(response.statusCode).toBe(400);
    expectErrorShape(
      response.json(),
      400,
      reference.length > 512 ? 'VALIDATION_FAILED' : 'INVALID_IMAGE_REFERENCE',
    );
  });

  it('answers 503 naming the socket it tried when the engine is unreachable', async () => {
    for (const url of [
      '/api/images',
      '/api/disk',
      `/api/images/${encodeURIComponent('footprint-fixture/app:1')}`,
    ]) {
      const response = await appWithoutEngine.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(503);
      expectErrorShape(response.json(), 503, 'ENGINE_UNREACHABLE');
      expect(response.json().message).toContain(missingSocket);
    }
  });

  it('reports an unreachable engine in /api/health with 200, so the page can say so', async () => {
    const response = await appWithoutEngine.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'engine-unreachable',
      engine: { reachable: false, endpoint: missingSocket, version: null },
    });
    expect(response.json().engine.message).toContain(missingSocket);
  });

  it('answers unknown API routes with the same error shape', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expectErrorShape(response.json(), 404, 'ROUTE_NOT_FOUND');
  });
});

describe('GET /api/openapi.json', () => {
  it('describes every route from the shared schemas', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    // Every path of the shared route table is served and documented, each per-engine one also
    // under the engine's prefix (issue 19), and nothing else is.
    const shared = Object.values(apiRoutes).filter((path) => path !== apiRoutes.openapi);
    const served = [
      ...shared,
      ...shared
        .filter((path) => !isAppWideRoute(path))
        .map((path) => path.replace(/^\/api\//, `${engineScopePrefix}/`)),
    ].map((path) => path.replace(/:(\w+)/g, '{$1}'));
    expect(Object.keys(document.paths).sort()).toEqual([...new Set(served)].sort());
    const imageList =
      document.paths['/api/images'].get.responses['200'].content['application/json'].schema;
    expect(imageList.properties.images.items.properties.uniqueSize.type).toBe('integer');
  });
});
