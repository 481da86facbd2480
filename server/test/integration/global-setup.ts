import type { TestProject } from 'vitest/node';
import { type Fixtures, loadStandardFixtures } from '../helpers/fixtures.js';
import { PrivateEngine, type PrivateEngineState } from '../helpers/private-engine.js';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: PrivateEngineState;
    fixtures: Fixtures;
  }
}

/** One private engine with the standard fixtures for the whole integration run. */
export default async function setup(project: TestProject) {
  const engine = await PrivateEngine.start();
  try {
    project.provide('engine', engine.state);
    project.provide('fixtures', await loadStandardFixtures(engine));
  } catch (error) {
    await engine.destroy();
    throw error;
  }
  return async () => {
    await engine.destroy();
  };
}
