import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { PrivateEngine } from '../helpers/private-engine.js';

/** The private engine of this run and the standard fixtures loaded into it. */
export function privateEngine(): PrivateEngine {
  return PrivateEngine.attach(inject('engine'));
}

export function fixtures() {
  return inject('fixtures');
}

/** The whole app, built as the server builds it, talking to the private engine. */
export function appOnPrivateEngine(engine = privateEngine()) {
  return buildApp({ dockerHost: engine.dockerHost });
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
