import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStandardFixtures } from '../../server/test/helpers/fixtures.js';
import { PrivateEngine } from '../../server/test/helpers/private-engine.js';
import { writeEnvironment } from './environment.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the dashboard did not answer at ${url} within ${timeoutMs} ms`);
}

/** A private engine with the standard fixtures, and the built dashboard serving it. */
export default async function globalSetup(): Promise<void> {
  const engine = await PrivateEngine.start();
  try {
    const fixtures = await loadStandardFixtures(engine);
    const port = await freePort();
    const token = randomBytes(32).toString('base64url');
    const log = openSync(join(engine.dir, 'server.log'), 'a');
    const server = spawn(process.execPath, [join(repoRoot, 'server/dist/server.js')], {
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        DOCKER_HOST: engine.dockerHost,
        LOG_LEVEL: 'warn',
        // A known session token: tests open `${baseURL}/?token=…` to be allowed to change things.
        FOOTPRINT_TOKEN: token,
      },
      stdio: ['ignore', log, log],
      detached: true,
    });
    server.unref();
    const baseURL = `http://127.0.0.1:${port}`;
    await waitForServer(`${baseURL}/api/health`, 30_000);
    writeEnvironment({
      baseURL,
      engine: engine.state,
      fixtures,
      serverPid: server.pid ?? 0,
      token,
    });
    process.env.PLAYWRIGHT_TEST_BASE_URL = baseURL;
  } catch (error) {
    await engine.destroy();
    throw error;
  }
}
