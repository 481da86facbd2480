#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { isLoopbackAddress, isWildcardAddress } from './security/own-hosts.js';

const bundledWeb = fileURLToPath(new URL('../../web/dist', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig(process.env, { webRoot: existsSync(bundledWeb) ? bundledWeb : null });
  const app = await buildApp({
    ...config,
    logger: { level: config.logLevel },
    logRequests: config.logLevel === 'debug' || config.logLevel === 'trace',
  });

  tightenHeapAfterFirstScan(app);

  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);

  if (!isLoopbackAddress(config.host)) {
    console.warn(
      `WARNING: HOST=${config.host} makes docker-footprint reachable beyond this machine. ` +
        'Whoever reaches it can drive the Docker engine, which is root on its host. Bind ' +
        '127.0.0.1 unless a container or a trusted network needs otherwise.',
    );
  }
  await app.listen({ host: config.host, port: config.port });
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
 * V8 lets the old generation grow well past what is alive before a full collection. That suits
 * the start-up, when the server reads the whole inventory and its heap grows from nothing to
 * about 60 MB: growing by 10% at a time there made 30 full collections, a fifth of a cold
 * start's main-thread time at 2,000 images. Once the first scan is done, the heap stays about
 * as large, and a full collection once it is 10% above what is alive keeps it flat under load
 * (it grew 1.4 MB per 1,000 requests otherwise; see serverNodeFlags in dashboard-server.ts).
 * V8 reads the flag each time it sets the next limit.
 */
function tightenHeapAfterFirstScan(app: Awaited<ReturnType<typeof buildApp>>): void {
  const unsubscribe = app.events.subscribe((event) => {
    if (event.type !== 'scan-progress' || event.phase === 'running') return;
    unsubscribe();
    setFlagsFromString('--heap-growing-percent=10');
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
