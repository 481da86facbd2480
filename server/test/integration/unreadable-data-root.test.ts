import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DiskUsage, ServerEvent } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appOnPrivateEngine, privateEngine } from './context.js';

/*
 * A data root this process can only partly read, as when the dashboard runs as a member of the
 * docker group: the top directories open, one layer record (layerdb/sha256/<chain>/, mode 0700,
 * owned by root) does not. The scan must fail with that reason and everything else go on; it
 * used to end the process with an unhandled rejection (the layer metadata's promise, awaited
 * only after the data root was listed).
 *
 * The user is made with seteuid/setegid: uid 65534 with the engine socket's group, so the
 * engine still answers while the files say no.
 */

const engine = privateEngine();
const chainA = 'a'.repeat(64);
const chainB = 'b'.repeat(64);
let root: string;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
const events: ServerEvent[] = [];

function fakeDataRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fp-partial-'));
  chmodSync(dir, 0o755);
  const layerdb = join(dir, 'image', 'overlay2', 'layerdb', 'sha256');
  for (const [chain, cacheId] of [
    [chainA, 'cache-a'],
    [chainB, 'cache-b'],
  ] as const) {
    mkdirSync(join(layerdb, chain), { recursive: true });
    writeFileSync(join(layerdb, chain, 'cache-id'), cacheId);
    writeFileSync(join(layerdb, chain, 'diff'), `sha256:${chain}`);
    mkdirSync(join(dir, 'overlay2', cacheId, 'diff'), { recursive: true });
    writeFileSync(join(dir, 'overlay2', cacheId, 'diff', 'file'), 'x'.repeat(5000));
  }
  mkdirSync(join(dir, 'overlay2', 'l'));
  // Everything else 0755 (mkdir's default under umask 022); the one record, root's only.
  chmodSync(join(layerdb, chainB), 0o700);
  return dir;
}

/**
 * Runs `work` as uid 65534 in the engine socket's group, then as root again. The private
 * engine's temp dir is root's only (0700): others may pass through it meanwhile, as they may
 * through /var/run to /var/run/docker.sock.
 */
async function asDockerGroupMember<T>(work: () => Promise<T>): Promise<T> {
  const seteuid = process.seteuid as (id: number) => void;
  const setegid = process.setegid as (id: number) => void;
  const mode = statSync(engine.dir).mode & 0o7777;
  chmodSync(engine.dir, mode | 0o011);
  setegid(statSync(engine.socketPath).gid);
  seteuid(65534);
  try {
    return await work();
  } finally {
    seteuid(0);
    setegid(0);
    chmodSync(engine.dir, mode);
  }
}

beforeAll(async () => {
  root = fakeDataRoot();
  app = await appOnPrivateEngine(engine, { dataRoot: root, watchEngine: false });
  app.engines.default.events.subscribe((event) => events.push(event));
});
afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

describe('a data root that is only partly readable', () => {
  it('fails the scan with the unreadable record named and what to change', async () => {
    const measurement = await asDockerGroupMember(async () => {
      await app.engines.default.diskTruth.measurement();
      await app.engines.default.diskTruth.whenIdle();
      return app.engines.default.diskTruth.measurement();
    });
    expect(measurement.measured).toBe(false);
    expect(measurement.scan.state).toBe('failed');
    // The record's files are read together, so whichever the kernel refuses first is the one named.
    const record = join(root, 'image', 'overlay2', 'layerdb', 'sha256', chainB);
    const named = /^The scan failed: (\S+) is not readable by this process \(uid 65534\)/.exec(
      measurement.reason ?? '',
    );
    expect(named, measurement.reason ?? undefined).not.toBeNull();
    expect(dirname(named?.[1] ?? '')).toBe(record);
    expect(measurement.reason).toContain('EACCES');
    expect(measurement.reason).toContain('Run the dashboard as root');
    expect(events.filter((e) => e.type === 'scan-progress').map((e) => e.phase)).toContain(
      'failed',
    );
  });

  it('keeps answering: the engine figures, and the reason in place of the disk figures', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/disk' });
    expect(response.statusCode, response.body).toBe(200);
    const disk = response.json<DiskUsage>();
    expect(disk.measurement.measured).toBe(false);
    expect(disk.measurement.reason).toContain('EACCES');
    expect(disk.dataRoot).toBeNull();
    expect((await app.inject({ method: 'GET', url: '/api/images' })).statusCode).toBe(200);
  });

  it('measures once the record is readable again', async () => {
    chmodSync(join(root, 'image', 'overlay2', 'layerdb', 'sha256', chainB), 0o755);
    const measurement = await asDockerGroupMember(async () => {
      app.engines.default.diskTruth.refresh();
      await app.engines.default.diskTruth.whenIdle();
      return app.engines.default.diskTruth.measurement();
    });
    expect(measurement.reason).toBeNull();
    expect(measurement.measured).toBe(true);
  });
});
