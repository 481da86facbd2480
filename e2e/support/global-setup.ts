import { join } from 'node:path';
import { DashboardServer } from '../../server/test/helpers/dashboard-server.js';
import {
  fixtureSpecs,
  loadImages,
  loadStandardFixtures,
} from '../../server/test/helpers/fixtures.js';
import { PrivateEngine } from '../../server/test/helpers/private-engine.js';
import { type SecondEngine, secondEngineName, writeEnvironment } from './environment.js';

/**
 * A second private engine for the multi-engine tests (issue 19): one image found only there,
 * and base-beta, the very image (same ID) the first engine has, so that an action on one can
 * be seen to leave the other alone.
 */
async function startSecondEngine(): Promise<{ engine: PrivateEngine; second: SecondEngine }> {
  const engine = await PrivateEngine.start();
  try {
    const [onlyHere, shared] = await loadImages(engine, [
      {
        ...fixtureSpecs.baseBeta,
        tags: ['footprint-second/only-here:1'],
        created: '2024-02-02T00:00:00Z',
      },
      fixtureSpecs.baseBeta,
    ]);
    if (onlyHere === undefined || shared === undefined)
      throw new Error('docker load loaded nothing');
    return { engine, second: { engine: engine.state, name: secondEngineName, onlyHere, shared } };
  } catch (error) {
    await engine.destroy();
    throw error;
  }
}

/**
 * Two private engines, the first with the standard fixtures, and the built dashboard serving
 * the first as its default engine and the second beside it (FOOTPRINT_ENGINES). Returns the
 * teardown (Playwright runs it after every test): it stops them all, and fails the run if the
 * server exited meanwhile or reported a rejection or exception nobody handled.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = await Promise.allSettled([PrivateEngine.start(), startSecondEngine()]);
  const [first, second] = started;
  if (first.status === 'rejected' || second.status === 'rejected') {
    if (first.status === 'fulfilled') await first.value.destroy();
    if (second.status === 'fulfilled') await second.value.engine.destroy();
    throw first.status === 'rejected' ? first.reason : (second as PromiseRejectedResult).reason;
  }
  const engine = first.value;
  const other = second.value;
  const destroyEngines = async () => {
    await Promise.allSettled([engine.destroy(), other.engine.destroy()]);
  };
  try {
    const fixtures = await loadStandardFixtures(engine);
    // A known session token: tests open `${baseURL}/?token=…` to be allowed to change things.
    const server = await DashboardServer.start({
      dockerHost: engine.dockerHost,
      stateDir: join(engine.dir, 'dashboard-state'),
      // The first engine is DOCKER_HOST's ("default"); the second is followed beside it.
      env: { FOOTPRINT_ENGINES: `default,${secondEngineName}=${other.engine.dockerHost}` },
    });
    const { baseURL, token } = server;
    writeEnvironment({
      baseURL,
      engine: engine.state,
      fixtures,
      token,
      second: other.second,
    });
    process.env.PLAYWRIGHT_TEST_BASE_URL = baseURL;
    return async () => {
      try {
        await server.stop();
      } finally {
        await destroyEngines();
      }
    };
  } catch (error) {
    await destroyEngines();
    throw error;
  }
}
