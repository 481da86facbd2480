#!/usr/bin/env node
// The server's entry as one file (server/dist/server.bundle.js), which `npm start`, the image and
// the tests run: Node resolved and read some 600 modules (fastify, TypeBox, dockerode…) before
// the server's first line, 0.45 s of a cold start; one bundled file loads in 0.16 s. It is a
// small ES module (code-cache-start.ts) that runs the server itself, server/dist/server.main.cjs,
// with V8's code cache of the previous start: a CommonJS script, since vm.Script's cachedData is
// what Node 20 has for it. And the command line's (server/dist/cli.bundle.js, `docker-footprint
// analyze`). With every dependency
// inside, the published package needs no fastify or dockerode of its own (package.json `files`).
//
// Each module keeps its own import.meta.url (the file tsc wrote under dist/), so what it finds
// relative to itself is where it always was: the worker threads' modules (started from
// server/dist as they are, in their own threads), the walker addon in server/build, web/dist.
// It is written relative to the bundle's own URL (both bundles are in server/dist), so the
// bundle works wherever the package is installed.
// ssh2 is bundled apart (server/dist/ssh2.bundle.cjs), loaded when an ssh engine first connects
// (engine/ssh-tunnel-agent.ts): its optional addons (cpu-features, sshcrypto.node) are left out,
// and ssh2 falls back to Node's own crypto as it does when they were not built.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const bundleDir = fileURLToPath(new URL('../server/dist/', import.meta.url));

/** import.meta.url of each of our modules, as the file it was bundled from. */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /[\\/](server|shared)[\\/]dist[\\/].*\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const fromBundle = `./${relative(bundleDir, path).split(sep).join('/')}`;
      const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
};

/**
 * Modules that export one function, loaded when it is first called. Most runs never call them
 * (docker-modem's ssh:// transport, dockerode's BuildKit session), but requiring their
 * dependencies (ssh2, gRPC, protobuf) took 40 ms of every start-up.
 */
const loadedOnFirstCall = [
  { importer: /[\\/]docker-modem[\\/]lib[\\/]modem\.js$/, request: './ssh' },
  { importer: /[\\/]dockerode[\\/]lib[\\/]docker\.js$/, request: './session' },
];

const onFirstCall = {
  name: 'loaded-on-first-call',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/(ssh|session)$/ }, async (args) => {
      if (args.pluginData?.itself) return undefined;
      const lazy = loadedOnFirstCall.some(
        ({ importer, request }) => request === args.path && importer.test(args.importer),
      );
      if (!lazy) return undefined;
      const { resolveDir, kind } = args;
      const real = await builder.resolve(args.path, {
        resolveDir,
        kind,
        pluginData: { itself: true },
      });
      // Named relative to the repository: the bundle keeps no path of the machine it was built on.
      return {
        path: relative(root, real.path),
        namespace: 'on-first-call',
        pluginData: { real: real.path },
      };
    });
    builder.onLoad({ filter: /.*/, namespace: 'on-first-call' }, ({ pluginData }) => ({
      contents: `module.exports = function () { return require(${JSON.stringify(pluginData.real)}).apply(this, arguments); };`,
      resolveDir: dirname(pluginData.real),
      loader: 'js',
    }));
  },
};

/** cli.ts starts the dashboard by importing server.js: the server's bundle, beside it. */
const serverFromCli = {
  name: 'server-from-cli',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/server\.js$/ }, ({ importer }) =>
      importer.endsWith(`${sep}cli.js`)
        ? { path: './server.bundle.js', external: true }
        : undefined,
    );
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['ssh2', 'cpu-features'],
  // CommonJS dependencies call require; in an ES module it has to be made.
  banner: {
    js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
  },
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({
    ...common,
    format: 'cjs',
    entryPoints: ['server/dist/server.js'],
    outfile: 'server/dist/server.main.cjs',
    // A script has require, and no import.meta: its own URL stands in (ownImportMetaUrl).
    banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__bundleUrl' },
    plugins: [ownImportMetaUrl, onFirstCall],
  }),
  build({
    ...common,
    entryPoints: ['server/dist/code-cache-start.js'],
    outfile: 'server/dist/server.bundle.js',
  }),
  build({
    ...common,
    format: 'cjs',
    banner: {},
    entryPoints: ['ssh2'],
    outfile: 'server/dist/ssh2.bundle.cjs',
    external: ['cpu-features', '*.node'],
  }),
  build({
    ...common,
    entryPoints: ['server/dist/cli.js'],
    outfile: 'server/dist/cli.bundle.js',
    plugins: [serverFromCli, ownImportMetaUrl, onFirstCall],
  }),
]);

/*
 * server.main.cjs in ASCII: esbuild escapes what it writes of strings and names, but keeps
 * comments (and a regular expression's µ) as they were, and one character past ASCII makes V8
 * hold the whole 5.7 MB source as a two-byte string: decoding it took 37 ms of each start where
 * an ASCII file is read as Latin-1, a copy (code-cache.ts). \uXXXX means the same character in a
 * comment, a string, a template's value and a regular expression (UTF-16 units, so a pair for a
 * character past U+FFFF, which a /u expression reads as the one character).
 */
const mainBundle = fileURLToPath(new URL('../server/dist/server.main.cjs', import.meta.url));
const source = await readFile(mainBundle, 'utf8');
const escaped = source.replace(
  /[^\0-\x7f]/g,
  (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
);
if (escaped !== source) await writeFile(mainBundle, escaped);
