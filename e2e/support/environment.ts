import type { Fixtures } from '../../server/test/helpers/fixtures.js';
import type { PrivateEngineState } from '../../server/test/helpers/private-engine.js';

/** What global setup hands the tests, through one environment variable of JSON. */
export interface E2eEnvironment {
  baseURL: string;
  engine: PrivateEngineState;
  fixtures: Fixtures;
  /** The server's session token (FOOTPRINT_TOKEN): open `${baseURL}/?token=${token}` to act. */
  token: string;
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
