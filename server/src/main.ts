// The server, as server.ts starts it once the first scan's threads are on their way.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { isLoopbackAddress, isWildcardAddress } from './security/own-hosts.js';
import { StateDirMismatchError } from './state/state-dir.js';
import { StateLockedError } from './state/state-lock.js';
import { nativeWalkProblem } from './storage/scan/native-walk.js';
import type { WorkerPools } from './workers/worker-pools.js';

const bundledWeb = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * The last resort. Every promise in the server has a handler (lint: no-floating-promises); one
 * that slips through is a bug to report, not a reason to end the server and every page and
 * action that depends on it. Node's default would exit. The tests fail on this line
 * (server/test/helpers/dashboard-server.ts).
 */
let reportUnhandled = (reason: unknown) => console.error('unhandled rejection:', reason);
process.on('unhandledRejection', (reason) => reportUnhandled(reason));

async function main(pools: WorkerPools): Promise<void> {
  const config = loadConfig(process.env, { webRoot: existsSync(bundledWeb) ? bundledWeb : null });
  const app = await buildApp({
    ...config,
    // Started by server.ts before this module loaded; the app ends them when it closes.
    pools,
    logger: { level: config.logLevel },
    logRequests: config.logLevel === 'debug' || config.logLevel === 'trace',
    // Every engine configured here (contexts, Podman connections), as FOOTPRINT_ENGINES selects.
    discovery: {
      env: process.env,
      dockerConfigDir: config.dockerConfigDir,
      settings: config.engineSettings,
    },
  });
  reportUnhandled = (reason) =>
    app.log.error(
      { err: reason },
      'unhandled rejection (a bug in docker-footprint: please report it)',
    );

  // The first scan starts now rather than with the first page: a million files take a while,
  // and the walk runs in worker threads while the port opens and the inventory is read. With a
  // measurement kept from the last run it starts a second from now instead (disk-truth.ts), and
  // the kept figures answer meanwhile.
  void app.engines.default.diskTruth.measurement().catch(() => {});

  // A signal handler's promise has nobody to hand a rejection to: close, say what failed, exit.
  const close = (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'closing failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);

  // The figures are the same either way; the slower walker only takes longer to give them.
  if (nativeWalkProblem !== null) {
    app.log.warn(`${nativeWalkProblem} Scans use the TypeScript walker: the same figures, slower.`);
  }
  if (!isLoopbackAddress(config.host)) {
    console.warn(
      `WARNING: HOST=${config.host} makes docker-footprint reachable beyond this machine. ` +
        'Whoever reaches it can drive the Docker engine, which is root on its host. Bind ' +
        '127.0.0.1 unless a container or a trusted network needs otherwise. Every API ' +
        'request, reads included, needs the session: open the URL printed at start-up (it ends ' +
        'in ?token=…) once in the browser, or send the token as Authorization: Bearer <token>.',
    );
  }
  await app.listen({ host: config.host, port: config.port });
  // Only whoever may read this file (the container's own user, or root on its host, who owns the
  // Docker socket anyway) learns the token: the health check sends it as a bearer token.
  if (config.sessionFile !== null) {
    await writeFile(config.sessionFile, `${app.sessionToken}\n`, { mode: 0o600 }).catch(
      (error: unknown) =>
        app.log.warn(
          { err: error },
          `the session token could not be written to ${config.sessionFile} (FOOTPRINT_SESSION_FILE): a health check that reads it will fail`,
        ),
    );
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  app.log.info(
    `docker-footprint is serving http://${host}:${port}/ (engine: ${config.dockerHost})`,
  );
  // Printed whatever the log level: opening this URL once lets this browser change things.
  const openHost = isWildcardAddress(config.host)
    ? (config.allowedHosts[0] ?? `127.0.0.1:${port}`)
    : `${host}:${port}`;
  const withPort = /:\d+$/.test(openHost) ? openHost : `${openHost}:${port}`;
  process.stdout.write(
    `\ndocker-footprint: open http://${withPort}/?token=${app.sessionToken}\n` +
      `${config.readOnly ? '(read-only mode: nothing can be removed)\n' : ''}\n`,
  );
}

/**
 * Starts the server with the worker threads server.ts started; resolves once it listens
 * (code-cache.ts writes its cache after that); never rejects.
 */
export function start(pools: WorkerPools): Promise<void> {
  return main(pools).catch(fail);
}

function fail(error: unknown): never {
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  // A second server on the same engine: the message says which one runs and what to do.
  else if (error instanceof StateLockedError || error instanceof StateDirMismatchError) {
    console.error(`docker-footprint did not start: ${error.message}`);
  } else console.error(error);
  process.exit(1);
}
