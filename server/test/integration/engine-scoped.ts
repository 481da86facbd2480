import {
  engineScopedPath,
  type EngineList,
  type ImageList,
  type ImageRemovalList,
  type RemovalPreview,
} from '@footprint/shared';
import { expect } from 'vitest';
import {
  type EngineEndpoint,
  type EngineKind,
  type EngineSource,
  makeEngineSource,
  parseEndpoint,
} from '../../src/engines/engine-source.js';
import { fixtureSpecs, loadImages } from '../helpers/fixtures.js';
import { PrivateEngine } from '../helpers/private-engine.js';
import type { session } from './raw-http.js';

/*
 * What the tests of several engines in one app share: the engines they name beside the default
 * one, and what a browser session does on one engine's scoped routes, as the page does.
 */

export type Browser = Awaited<ReturnType<typeof session>>;

/**
 * An engine the app is told of beside its default one (as an extra source from the
 * environment): `address` is a DOCKER_HOST value or an endpoint already made.
 */
export function sourceFor(
  name: string,
  address: string | EngineEndpoint,
  kind: EngineKind = 'docker',
): EngineSource {
  const endpoint = typeof address === 'string' ? parseEndpoint(address) : address;
  return makeEngineSource({ name, kind, origin: 'env', endpoint, current: false });
}

/**
 * Two private engines with different images: the first has base alpha and app one, the second
 * base beta and busybox.
 */
export async function twoEngines(): Promise<[PrivateEngine, PrivateEngine]> {
  const engines = await Promise.all([PrivateEngine.start(), PrivateEngine.start()]);
  await Promise.all([
    loadImages(engines[0], [fixtureSpecs.baseAlpha, fixtureSpecs.appOne]),
    loadImages(engines[1], [fixtureSpecs.baseBeta, fixtureSpecs.busybox]),
  ]);
  return engines;
}

/** A GET that answers 200, its body parsed. */
export async function getOk<T>(browser: Browser, path: string): Promise<T> {
  const response = await browser.get(path);
  expect(response.status, response.body).toBe(200);
  return JSON.parse(response.body) as T;
}

export function enginesOf(browser: Browser): Promise<EngineList> {
  return getOk<EngineList>(browser, '/api/engines');
}

/** The engines' list once `ready` says so (extra engines open in the background), 30 s at most. */
export async function enginesWhen(
  browser: Browser,
  ready: (list: EngineList) => boolean,
): Promise<EngineList> {
  let list = await enginesOf(browser);
  for (let tries = 0; tries < 300 && !ready(list); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    list = await enginesOf(browser);
  }
  return list;
}

/** One engine's images; for null, the unscoped route's (the default engine's). */
export function imagesOf(browser: Browser, engineId: string | null): Promise<ImageList> {
  const path = engineId === null ? '/api/images' : engineScopedPath(engineId, '/api/images');
  return getOk<ImageList>(browser, path);
}

/**
 * Removes images on one engine as the page does: the preview on its scoped route names exactly
 * `ids`, and the confirm there removes each of them.
 */
export async function removeOnEngine(
  browser: Browser,
  engineId: string,
  ids: string[],
): Promise<void> {
  const preview = await browser.send(
    'POST',
    engineScopedPath(engineId, '/api/images/remove/preview'),
    { ids },
  );
  expect(preview.status, preview.body).toBe(200);
  expect((JSON.parse(preview.body) as RemovalPreview).images.map((image) => image.id)).toEqual(ids);
  const removed = await browser.send('POST', engineScopedPath(engineId, '/api/images/remove'), {
    ids,
  });
  expect(removed.status, removed.body).toBe(200);
  const result = JSON.parse(removed.body) as ImageRemovalList;
  expect(result.results.map((row) => [row.id, row.outcome])).toEqual(
    ids.map((id) => [id, 'removed']),
  );
}
