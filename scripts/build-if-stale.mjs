// What `npm start` runs before the server (scripts/start.mjs calls buildIfStale): builds the server
// and the web UI only when a source they are built from changed since their last build here, so a
// start after the first takes the server's own start-up, not 18 s of tsc, esbuild and vite every
// time. tsc -b is incremental but esbuild and vite are not (vite has no incremental mode), so each
// build is skipped whole when its inputs are the same.
//
// "The same" is by content: each build's stamp holds the SHA-256 of every input file it was made
// from (with its size and mtime: a file with both unchanged is not read again), written after the build succeeded (a failed build leaves the old stamp, so the next start
// builds again). A checkout that only touches files (mtime) rebuilds nothing; a changed file, a
// new or removed one, or a missing output rebuilds that one build, and the first changed input
// is named. Tests (*.test.*) are not inputs: no build contains them. The stamps live in
// node_modules/.cache/docker-footprint-build/, which `npm ci` clears with node_modules.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

const shared = ['package.json', 'package-lock.json', 'tsconfig.base.json', 'shared/package.json'];

/** The repository's two builds, with what each is made from and what it makes. */
export const builds = [
  {
    name: 'server',
    command: ['npm', 'run', 'build:server'],
    inputs: [
      ...shared,
      'shared/tsconfig.json',
      'shared/src',
      'server/package.json',
      'server/tsconfig.json',
      'server/src',
      'scripts/bundle-server.mjs',
    ],
    outputs: [
      'server/dist/server.bundle.js',
      'server/dist/server.main.cjs',
      'server/dist/cli.bundle.js',
    ],
  },
  {
    name: 'web UI',
    command: ['npm', 'run', 'build', '-w', 'web'],
    inputs: [
      ...shared,
      'shared/src',
      'web/package.json',
      'web/tsconfig.json',
      'web/vite.config.ts',
      'web/index.html',
      'web/public',
      'web/src',
    ],
    outputs: ['web/dist/index.html'],
  },
];

/** Where a build's stamp is kept, relative to the root. */
export function stampPath(root, build) {
  const file = `${build.name.replace(/[^a-z0-9]+/gi, '-')}.json`;
  return join(root, 'node_modules', '.cache', 'docker-footprint-build', file);
}

const isTest = (name) => /\.test\.[cm]?[jt]sx?$/.test(name);

/** Every input file (a directory stands for the files under it; a missing input is left out). */
async function inputFiles(root, inputs) {
  const files = [];
  const visit = async (path) => {
    let entries;
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      if (error.code === 'ENOTDIR') return void files.push(path);
      if (error.code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) await visit(join(path, entry.name));
      else if (entry.isFile() && !isTest(entry.name)) files.push(join(path, entry.name));
    }
  };
  for (const input of inputs) await visit(join(root, input));
  return files.map((file) => relative(root, file).split(sep).join('/')).sort();
}

/**
 * Each input file's SHA-256, size and mtime, by its path relative to the root. A file whose size
 * and mtime are those of `before` keeps its hash there without being read: a start reads only
 * the files touched since the last build (checked by content, as said above).
 */
export async function inputHashes(root, build, before = {}) {
  const files = await inputFiles(root, build.inputs);
  const entries = await Promise.all(
    files.map(async (file) => {
      const path = join(root, file);
      const { size, mtimeMs } = await stat(path);
      const known = before[file];
      if (known !== undefined && known.size === size && known.mtimeMs === mtimeMs) {
        return [file, known];
      }
      const hash = createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
      return [file, { hash, size, mtimeMs }];
    }),
  );
  return Object.fromEntries(entries);
}

/** The inputs recorded by the build's last successful run here; null when there is none. */
export async function readStamp(root, build) {
  try {
    const stamp = JSON.parse(await readFile(stampPath(root, build), 'utf8'));
    return typeof stamp.inputs === 'object' && stamp.inputs !== null ? stamp.inputs : null;
  } catch {
    return null;
  }
}

/** Why the build must run again, or null when its outputs are there and its inputs the same. */
export function staleReason(root, build, inputs, stamped) {
  const missing = build.outputs.find((output) => !existsSync(join(root, output)));
  if (missing !== undefined) return `${missing} is missing`;
  if (stamped === null) return 'no stamp of an earlier build here';
  for (const [file, { hash }] of Object.entries(inputs)) {
    if (stamped[file] === undefined) return `${file} is new`;
    if (stamped[file].hash !== hash) return `${file} changed`;
  }
  const removed = Object.keys(stamped).find((file) => inputs[file] === undefined);
  return removed !== undefined ? `${removed} was removed` : null;
}

async function writeStamp(root, build, inputs) {
  const path = stampPath(root, build);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify({ builtAt: new Date().toISOString(), inputs })}\n`);
}

function run([command, ...args], cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`\`${command} ${args.join(' ')}\` failed (${code ?? signal})`)),
    );
  });
}

/**
 * Runs each build whose inputs changed since its stamp, and stamps it once it succeeded;
 * returns what it did per build. Throws at the first build that fails.
 */
export async function buildIfStale(root, list = builds, log = (line) => console.log(line)) {
  const done = [];
  for (const build of list) {
    const stamped = await readStamp(root, build);
    const inputs = await inputHashes(root, build, stamped ?? {});
    const reason = staleReason(root, build, inputs, stamped);
    if (reason === null) {
      done.push({ name: build.name, built: false, reason: null });
      continue;
    }
    log(`docker-footprint: building the ${build.name} (${reason}): ${build.command.join(' ')}`);
    await run(build.command, root);
    // Hashed before the build: a source edited while it ran is built by the next start. A
    // stamp that cannot be written only costs the next start this build again.
    await writeStamp(root, build, inputs).catch((error) =>
      log(`docker-footprint: could not write the build stamp (${error.message}); built anyway.`),
    );
    done.push({ name: build.name, built: true, reason });
  }
  return done;
}
