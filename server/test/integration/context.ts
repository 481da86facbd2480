import { inject } from 'vitest';
import { type AppOptions, buildApp } from '../../src/app.js';
import { PrivateEngine } from '../helpers/private-engine.js';

/** The private engine of this run and the standard fixtures loaded into it. */
export function privateEngine(): PrivateEngine {
  return PrivateEngine.attach(inject('engine'));
}

export function fixtures() {
  return inject('fixtures');
}

/**
 * app.inject sends Host "localhost:80" (light-my-request) and never listens: the Host check
 * accepts it only because tests say so here. A listening test server still checks the real port.
 */
export const injectHost = 'localhost:80';
/** The session token test apps use (FOOTPRINT_TOKEN in production). */
export const testToken = 'test-token-0123456789abcdefghijklmnopqrstuv';

/** The whole app, built as the server builds it, talking to the private engine. */
export function appOnPrivateEngine(engine = privateEngine(), options: Partial<AppOptions> = {}) {
  return buildApp({
    dockerHost: engine.dockerHost,
    allowedHosts: [injectHost],
    token: testToken,
    ...options,
  });
}

/** Raw /system/df from the engine itself, in the API version the app negotiates. */
export interface RawDf {
  LayersSize: number;
  Images: {
    Id: string;
    Size: number;
    SharedSize: number;
    Containers: number;
    RepoTags: string[] | null;
  }[];
}
