import type { BuiltImage } from '../../server/test/helpers/image-archive.js';
import type { Fixtures } from '../../server/test/helpers/fixtures.js';
import type { PrivateEngineState } from '../../server/test/helpers/private-engine.js';

/** The name the second engine is followed under (FOOTPRINT_ENGINES's LABEL=). */
export const secondEngineName = 'second';

/** The second private engine (issue 19) and the images loaded on it. */
export interface SecondEngine {
  engine: PrivateEngineState;
  name: string;
  /** Found only on the second engine. */
  onlyHere: BuiltImage;
  /** The same image (same ID) as the first engine's base-beta fixture. */
  shared: BuiltImage;
}

/** What global setup hands the tests, through one environment variable of JSON. */
export interface E2eEnvironment {
  baseURL: string;
  engine: PrivateEngineState;
  fixtures: Fixtures;
  /** The server's session token (FOOTPRINT_TOKEN): open `${baseURL}/?token=${token}` to act. */
  token: string;
  second: SecondEngine;
}

const variable = 'FOOTPRINT_E2E';

export function writeEnvironment(environment: E2eEnvironment): void {
  process.env[variable] = JSON.stringify(environment);
}

export function readEnvironment(): E2eEnvironment {
  const value = process.env[variable];
  if (value === undefined)
    throw new Error(`${variable} is not set: run the tests through playwright test`);
  return JSON.parse(value) as E2eEnvironment;
}
