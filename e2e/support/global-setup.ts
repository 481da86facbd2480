import { join } from 'node:path';
import { DashboardServer } from '../../server/test/helpers/dashboard-server.js';
import { loadStandardFixtures } from '../../server/test/helpers/fixtures.js';
import { PrivateEngine } from '../../server/test/helpers/private-engine.js';
import { writeEnvironment } from './environment.js';

/** A private engine with the standard fixtures, and the built dashboard serving it. */
export default async function globalSetup(): Promise<void> {
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
      serverPid: server.child.pid ?? 0,
      token,
    });
    process.env.PLAYWRIGHT_TEST_BASE_URL = baseURL;
  } catch (error) {
    await engine.destroy();
    throw error;
  }
}
