import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeDataRoot } from '../../src/storage/data-root-access.js';

/*
 * The check before each scan that the data root can be read, and the reason it gives when it
 * cannot, on real directories: unreadable because the probe runs with the effective uid of
 * nobody.
 */

describe('probeDataRoot', () => {
  it('says what to change when the data root is missing', async () => {
    const access = await probeDataRoot('/nonexistent/docker', 'overlay2', false);
    expect(access.readable).toBe(false);
    if (!access.readable) expect(access.reason).toContain('DOCKER_DATA_ROOT');
  });

  it('says what to change when the data root is not readable by this user', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-access-'));
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'root'), { mode: 0o710 });
    const seteuid = process.seteuid as (id: number) => void;
    seteuid(65534);
    let access: Awaited<ReturnType<typeof probeDataRoot>>;
    try {
      access = await probeDataRoot(join(dir, 'root'), 'overlay2', true);
    } finally {
      seteuid(0);
      rmSync(dir, { recursive: true, force: true });
    }
    expect(access.readable).toBe(false);
    if (!access.readable) {
      expect(access.reason).toContain('EACCES');
      expect(access.reason).toContain('uid 65534');
      expect(access.reason).toContain('rootless');
    }
  });
});
