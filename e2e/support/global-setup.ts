import { join } from 'node:path';
import { DashboardServer } from '../../server/test/helpers/dashboard-server.js';
import { loadStandardFixtures } from '../../server/test/helpers/fixtures.js';
import { PrivateEngine } from '../../server/test/helpers/private-engine.js';
import { writeEnvironment } from './environment.js';

/**
 * A private engine with the standard fixtures, and the built dashboard serving it. Returns the
 * teardown (Playwright runs it after every test): it stops both, and fails the run if the
 * server exited meanwhile or reported a rejection or exception nobody handled.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const engine = await PrivateEngine.start();
  try {
    const fixtures = await loadStandardFixtures(engine);
    // A known session token: tests open `${baseURL}/?token=…` to be allowed to change things.
    const server = await DashboardServer.start({
      dockerHost: engine.dockerHost,
      stateDir: join(engine.dir, 'dashboard-state'),
    });
    const { baseURL, token } = server;
    writeEnvironment({
      baseURL,
      engine: engine.state,
      fixtures,
      token,
    });
    process.env.PLAYWRIGHT_TEST_BASE_URL = baseURL;
    return async () => {
      try {
        await server.stop();
      } finally {
        await engine.destroy();
      }
    };
  } catch (error) {
    await engine.destroy();
    throw error;
  }
}
