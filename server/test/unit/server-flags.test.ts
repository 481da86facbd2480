import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  deferredCaVariable,
  nodeFlagsFor,
  serverEnv,
  serverEnvFor,
} from '../../../scripts/node-flags.mjs';
import { deferredCaVariable as serverSideVariable } from '../../src/security/extra-ca.js';
import { serverNodeFlags } from '../helpers/dashboard-server.js';
import { nodeBinary } from '../helpers/node-binaries.js';

const repoFile = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const read = (path: string) => readFileSync(repoFile(path), 'utf8');

/** Every flag the module passes on some Node: on a Node that does not get one, V8 refuses it. */
const everyFlag = [...new Set([...nodeFlagsFor('20.19.0'), ...nodeFlagsFor('24.0.0')])];

/** The Dockerfile's instructions, continuation lines joined. */
const dockerfile = () => read('Dockerfile').replaceAll(/\\\n\s*/g, ' ');

describe('the node flags the server runs with', () => {
  it('come from scripts/node-flags.mjs for npm start, the docker-footprint command and the tests', () => {
    const manifest = JSON.parse(read('package.json')) as {
      scripts: { start: string };
      bin: Record<string, string>;
    };
    const bin = manifest.bin['docker-footprint'];
    expect(bin).toBe('bin/docker-footprint.js');
    // npm start runs the stale builds, then the command itself, in one process.
    expect(manifest.scripts.start).toBe('node scripts/start.mjs');
    expect(read('scripts/start.mjs')).toMatch(
      /^await import\('\.\.\/bin\/docker-footprint\.js'\);$/m,
    );
    const launcher = read(bin ?? '');
    expect(launcher).toContain("from '../scripts/node-flags.mjs'");
    expect(launcher).toContain('[...nodeFlagsFor(process.versions.node), serverScript]');
    expect(launcher).toContain('serverEnvFor(process.versions.node, process.env)');
    expect(serverNodeFlags).toEqual(nodeFlagsFor(process.versions.node));
  });

  it('are in the container image as nodeFlagsFor its Node, 24, with the same environment', () => {
    const command = /^CMD (\[.*\])\s*$/m.exec(dockerfile())?.[1];
    expect(command, 'the Dockerfile has a CMD in exec form').toBeDefined();
    const args = JSON.parse(command ?? '[]') as string[];
    expect(args[0]).toBe('node');
    expect(args.filter((arg) => arg.startsWith('--'))).toEqual(nodeFlagsFor('24.0.0'));
    const env = [...dockerfile().matchAll(/^ENV (.*)$/gm)].flatMap(([, line]) =>
      (line ?? '').split(/\s+/),
    );
    for (const [name, value] of Object.entries(serverEnv))
      expect(env).toContain(`${name}=${value}`);
  });

  it('are chosen by the Node major', () => {
    expect(nodeFlagsFor('20.19.0')).toContain('--interrupt-budget=262144');
    expect(nodeFlagsFor('v22.12.0')).not.toContain('--interrupt-budget=262144');
    expect(nodeFlagsFor('24.11.1')).toEqual([
      '--max-semi-space-size=2',
      '--heap-growing-percent=30',
      '--initial-old-space-size=64',
      '--no-memory-reducer',
    ]);
    expect(() => nodeFlagsFor('lts')).toThrow(/Not a Node version/);
  });
});

/** Runs `node <flags> -e 0` with the given binary; its exit status and what it printed. */
function runNode(node: string, flags: string[]) {
  const result = spawnSync(node, [...flags, '-e', '0'], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('the environment the server runs with', () => {
  const caFile = '/etc/ssl/certs/ca-certificates.crt';

  it('is the given one with serverEnv, NODE_EXTRA_CA_CERTS kept on Node 22 and 24', () => {
    for (const version of ['22.12.0', 'v24.11.1']) {
      expect(serverEnvFor(version, { PATH: '/bin', NODE_EXTRA_CA_CERTS: caFile })).toEqual({
        PATH: '/bin',
        NODE_EXTRA_CA_CERTS: caFile,
        ...serverEnv,
      });
    }
    expect(serverEnvFor('20.19.0', { PATH: '/bin' })).toEqual({ PATH: '/bin', ...serverEnv });
  });

  it('hands NODE_EXTRA_CA_CERTS over to the server on Node 20, which reads it as it starts', () => {
    const env = serverEnvFor('20.19.0', { PATH: '/bin', NODE_EXTRA_CA_CERTS: caFile });
    expect(env).toEqual({ PATH: '/bin', ...serverEnv, [deferredCaVariable]: caFile });
    expect(deferredCaVariable).toBe(serverSideVariable);
    // An empty one is Node's "none": nothing to hand over.
    expect(serverEnvFor('20.19.0', { NODE_EXTRA_CA_CERTS: '' })).toEqual({
      NODE_EXTRA_CA_CERTS: '',
      ...serverEnv,
    });
    expect(() => serverEnvFor('lts', {})).toThrow(/Not a Node version/);
  });
});

describe('every flag is one the Node it is passed to knows', () => {
  it(`on the running Node (${process.versions.node})`, () => {
    expect(runNode(process.execPath, nodeFlagsFor(process.versions.node))).toEqual({
      status: 0,
      stderr: '',
    });
  });

  for (const major of [22, 24]) {
    const binary = nodeBinary(major);
    it.skipIf(binary.path === null)(`on Node ${major} (${binary.path ?? binary.missing})`, () => {
      const node = binary.path ?? '';
      const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
      expect(version).toMatch(new RegExp(`^v${major}\\.`));
      const flags = nodeFlagsFor(version);
      expect(runNode(node, flags)).toEqual({ status: 0, stderr: '' });
      // What it leaves out is what this V8 refuses: the reason it is left out.
      for (const flag of everyFlag.filter((flag) => !flags.includes(flag))) {
        expect(runNode(node, [flag]).stderr).toContain(`bad option: ${flag}`);
      }
    });
  }

  it('has the Node 22 and 24 binaries in CI', () => {
    const missing = [22, 24].map(nodeBinary).filter(({ path }) => path === null);
    if (process.env.CI) expect(missing.map(({ missing }) => missing)).toEqual([]);
    else if (missing.length > 0) {
      console.warn(
        `Skipped the flag check on Node ${missing.map(({ major }) => major).join(' and ')}: ` +
          `${missing.map(({ missing }) => missing).join('; ')}. Fetch them with scripts/node-binary.sh 22 and 24 (.ci/run does).`,
      );
    }
  });
});
