import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type PullPreview, pullPath, type PullState } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateEngine } from '../helpers/private-engine.js';
import { type PrivateRegistry, pushFixture, startRegistry } from '../helpers/private-registry.js';
import { appOnPrivateEngine, privateEngine, testToken } from './context.js';
import { listen, session } from './raw-http.js';

/*
 * A pull from a registry that needs a login (htpasswd, Basic): the credentials come from the
 * docker config dir the dashboard is given and reach the engine as X-Registry-Auth; they are in
 * no response and no log line. And a data root this process cannot read: whether the engine
 * knows its local layers' blobs is "not known", never guessed.
 */

const account = { user: 'puller', password: 'pull-secret-4711' };
const secrets = [
  account.password,
  Buffer.from(`${account.user}:${account.password}`).toString('base64'),
];

let registry: PrivateRegistry;
let puller: PrivateEngine;
let configDir: string;
const stateDirs: string[] = [];
const logLines: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fp-state-'));
  stateDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  registry = await startRegistry({ htpasswd: account });
  await pushFixture(privateEngine(), registry, 'footprint-fixture/busybox:1', 'auth/busybox:1');
  configDir = await mkdtemp(join(tmpdir(), 'fp-docker-config-'));
  await writeFile(
    join(configDir, 'config.json'),
    JSON.stringify({ auths: { [registry.host]: { auth: secrets[1] } } }),
  );
  puller = await PrivateEngine.start();
}, 180_000);

afterAll(async () => {
  await puller?.destroy();
  await registry?.stop();
  await rm(configDir, { recursive: true, force: true });
  for (const dir of stateDirs) await rm(dir, { recursive: true, force: true });
});

function follow(port: number, host: string, id: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: pullPath(id, '/events'), headers: { Host: host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function lastState(stream: string): PullState {
  const data = stream
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .at(-1);
  return JSON.parse(data?.slice(6) ?? 'null') as PullState;
}

describe('a pull that needs credentials', () => {
  it('sends the docker config’s credentials to the engine, and no secret reaches a response or the log', async () => {
    const app = await appOnPrivateEngine(puller, {
      stateDir: await stateDir(),
      dockerConfigDir: configDir,
      allowedHosts: [],
      logger: { level: 'info', stream: logStream },
    });
    try {
      const port = await listen(app);
      const browser = await session(port, testToken);
      const reference = `${registry.host}/auth/busybox:1`;
      const previewed = await browser.send('POST', '/api/pull/preview', { reference });
      expect(previewed.status, previewed.body).toBe(200);
      const promised = previewed.json<PullPreview>();
      const started = await browser.send('POST', '/api/pull', { reference });
      expect(started.status, started.body).toBe(202);
      const stream = await follow(port, browser.host, started.json<PullState>().id);
      const last = lastState(stream);
      expect(last.phase, last.error ?? '').toBe('done');
      expect(last.result).toMatchObject({ downloadedBytes: promised.downloadBytes, agrees: true });
      expect(await puller.docker(['image', 'inspect', '--format', '{{.Id}}', reference])).toContain(
        promised.imageId,
      );

      const list = await browser.get('/api/pull');
      // The action log: the start and the end, each with the reference.
      expect(logLines.some((line) => line.includes('"msg":"pull start: done"'))).toBe(true);
      expect(logLines.some((line) => line.includes('"msg":"pull: done"'))).toBe(true);
      for (const text of [previewed.body, started.body, stream, list.body, ...logLines]) {
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
    } finally {
      await app.close();
    }
  });

  it('without credentials the registry’s refusal is a clear error', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'fp-docker-config-'));
    stateDirs.push(empty);
    const app = await appOnPrivateEngine(puller, {
      stateDir: await stateDir(),
      dockerConfigDir: empty,
      allowedHosts: [],
    });
    try {
      const browser = await session(await listen(app), testToken);
      const response = await browser.send('POST', '/api/pull/preview', {
        reference: `${registry.host}/auth/busybox:1`,
      });
      expect(response.status).toBe(401);
      expect(response.json()).toMatchObject({ code: 'REGISTRY_AUTH_FAILED' });
    } finally {
      await app.close();
    }
  });
});

describe('a data root this process cannot read', () => {
  it('says "not known" for the engine’s blob records and does not call the download exact', async () => {
    const app = await appOnPrivateEngine(puller, {
      stateDir: await stateDir(),
      dockerConfigDir: configDir,
      dataRoot: join(tmpdir(), 'fp-no-such-data-root'),
      allowedHosts: [],
    });
    try {
      const browser = await session(await listen(app), testToken);
      const response = await browser.send('POST', '/api/pull/preview', {
        reference: `${registry.host}/auth/busybox:1`,
      });
      expect(response.status, response.body).toBe(200);
      const preview = response.json<PullPreview>();
      // The image was pulled above: its layer is local, the record cannot be read here.
      expect(preview.layers.map((layer) => [layer.local, layer.engineKnowsDigest])).toEqual([
        [true, null],
      ]);
      expect(preview.digestRecords.readable).toBe(false);
      expect(preview.digestRecords.reason).toContain('is not readable here');
      expect(preview.downloadExact).toBe(false);
      expect(preview.reusedLayers).toBe(1);
      expect(preview.downloadBytes).toBe(0);
    } finally {
      await app.close();
    }
  });
});
