#!/usr/bin/env node
// The `docker-footprint` command, and what `npm start` runs. With no command (or `serve`) it
// starts the dashboard: node with the flags for this Node (scripts/node-flags.mjs) running
// server/dist/server.bundle.js. The flags have to be on node's own command line (V8 sizes its
// heap before any script runs, NODE_OPTIONS refuses most of them, glibc reads MALLOC_ARENA_MAX
// once at start), hence a second process: stdio passed through, signals forwarded, its exit
// code this one's. `analyze IMAGE` runs the CI analysis in this process (server/dist/cli.bundle.js).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { nodeFlagsFor, serverEnvFor } from '../scripts/node-flags.mjs';

const packageRoot = new URL('../', import.meta.url);
const serverScript = fileURLToPath(new URL('server/dist/server.bundle.js', packageRoot));
const cliScript = new URL('server/dist/cli.bundle.js', packageRoot);

const usage = `Usage: docker-footprint [serve] [--port N] [--host ADDRESS] [--read-only] [--open]
       docker-footprint analyze IMAGE [--json] [--min-efficiency 0-1] [--max-wasted-bytes N]
       docker-footprint --help | --version

Starts the dashboard on 127.0.0.1:7077 and prints the URL to open (with its one-time token).
  --port N          the port (PORT; 0 picks a free one)
  --host ADDRESS    the address to bind (HOST); beyond loopback every request needs the session
  --read-only       no removal or prune (FOOTPRINT_READ_ONLY=1)
  --open            open the URL in the browser (xdg-open or open), when there is one
The engine is found through DOCKER_HOST or /var/run/docker.sock; other settings come from the
environment as documented in the README. A flag overrides the environment.

analyze prints an image's waste analysis and exits 0 within the limits, 1 past one, 2 on an error.
`;

const argv = process.argv.slice(2);

// In a clone, the bundles exist once built (npm start and npm test build; the package has them).
for (const script of [serverScript, fileURLToPath(cliScript)]) {
  if (!existsSync(script)) {
    process.stderr.write(`docker-footprint: ${script} is missing: run \`npm run build\` first.\n`);
    process.exit(2);
  }
}

if (argv[0] === 'analyze') {
  // cli.bundle.js reads process.argv.slice(2): ['analyze', IMAGE, ...], as given.
  await import(cliScript.href);
} else {
  serve(argv);
}

function serve(args) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'read-only': { type: 'boolean' },
        open: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  if (values.version) {
    const manifest = JSON.parse(readFileSync(new URL('package.json', packageRoot), 'utf8'));
    process.stdout.write(`${manifest.version}\n`);
    return;
  }
  if (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== 'serve')) {
    process.stderr.write(`Unknown command "${positionals.join(' ')}".\n\n${usage}`);
    process.exit(2);
  }
  const env = serverEnvFor(process.versions.node, process.env);
  if (values.port !== undefined) env.PORT = values.port;
  if (values.host !== undefined) env.HOST = values.host;
  if (values['read-only']) env.FOOTPRINT_READ_ONLY = '1';

  const child = spawn(
    process.execPath,
    [...nodeFlagsFor(process.versions.node), serverScript],
    // Its own process group: a Ctrl-C reaches it once, forwarded from here, not twice (the
    // server closes gracefully on the first SIGINT and Node's default takes the second).
    { env, stdio: ['inherit', values.open ? 'pipe' : 'inherit', 'inherit'], detached: true },
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  if (values.open) openWhenListening(child);
  child.once('error', (error) => {
    process.stderr.write(`docker-footprint: could not start node: ${error.message}\n`);
    process.exit(2);
  });
  child.once('exit', (code, signal) => {
    if (signal !== null) {
      // Die of the same signal, as a shell expects; without handlers of our own in the way.
      for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(name);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}

/** Passes the server's output through and opens the first URL it prints; never fails on it. */
function openWhenListening(child) {
  let seen = '';
  let opened = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (opened) return;
    seen = (seen + chunk.toString('utf8')).slice(-4096);
    const url = /open (http:\/\/\S+)/.exec(seen)?.[1];
    if (url === undefined) return;
    opened = true;
    const [command, ...args] =
      process.platform === 'darwin'
        ? ['open', url]
        : process.platform === 'win32'
          ? ['cmd', '/c', 'start', '', url]
          : ['xdg-open', url];
    try {
      const opener = spawn(command, args, { stdio: 'ignore', detached: true });
      opener.once('error', () => {
        process.stderr.write(`docker-footprint: no browser opener (${command}); open ${url}\n`);
      });
      opener.unref();
    } catch {
      // spawn throws only on bad arguments; the URL is printed above either way.
    }
  });
}
