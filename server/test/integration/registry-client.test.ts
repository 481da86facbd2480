import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerCredentials } from '../../src/registry/credentials.js';
import { type ImageManifest, imageConfigDiffIds } from '../../src/registry/manifest-types.js';
import { RegistryClient } from '../../src/registry/registry-client.js';
import { fixtureSpecs } from '../helpers/fixtures.js';
import { type PrivateRegistry, pushFixture, startRegistry } from '../helpers/private-registry.js';
import { appOnPrivateEngine, privateEngine } from './context.js';

/*
 * The registry client against real distribution registries (Debian's docker-registry 2.8) on
 * the loopback, with images the private engine pushed: anonymous with deletes enabled, Basic
 * (htpasswd) behind TLS with a test CA, and the Bearer token flow with a token service.
 */

const engine = privateEngine();
const appImage = fixtureSpecs.appOne.tags[0] as string;
const baseImage = fixtureSpecs.baseAlpha.tags[0] as string;
const temps: string[] = [];

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** A client whose every log line (trace and up) is kept, to check no secret is in one. */
function clientWith(configDir: string, certsDir: string | null = null) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const client = new RegistryClient({
    credentials: new DockerCredentials({ configDir }),
    certsDir,
    // fastify's own logger (pino), as the app gives the client.
    log: Fastify({ logger: { level: 'trace', stream } }).log,
    fetchTimeoutMs: 10_000,
  });
  return { client, lines };
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function blobPath(registry: PrivateRegistry, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(registry.storageDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
}

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('an anonymous registry with deletes enabled', () => {
  let registry: PrivateRegistry;
  let pushed: { digest: string; size: number };
  let client: RegistryClient;
  let lines: string[];

  beforeAll(async () => {
    registry = await startRegistry({ deleteEnabled: true });
    pushed = await pushFixture(engine, registry, appImage, 'team/app:1');
    ({ client, lines } = clientWith(await tempDir('fp-empty-config-')));
  });
  afterAll(async () => {
    await client.close();
    await registry.stop();
  });

  it('answers HEAD and GET of a manifest with the digest and size docker push printed', async () => {
    const ref = { registry: registry.host, repository: 'team/app' };
    const head = await client.manifest(ref, '1', { method: 'HEAD' });
    expect(head).toMatchObject({ digest: pushed.digest, bytes: pushed.size, body: null });
    expect(head.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(head.rateLimit).toBeNull();
    const get = await client.manifest(ref, '1', { method: 'GET' });
    expect(get.digest).toBe(pushed.digest);
    expect(get.bytes).toBe(pushed.size);
    const byDigest = await client.manifest(ref, pushed.digest, { method: 'GET' });
    expect(byDigest.digest).toBe(pushed.digest);
    // Every layer's size in the manifest is its blob's size in the registry's storage.
    const manifest = get.body as ImageManifest;
    expect(manifest.layers).toHaveLength(2);
    for (const layer of [manifest.config, ...manifest.layers]) {
      expect((await stat(blobPath(registry, layer.digest))).size).toBe(layer.size);
    }
  });

  it("reads the config blob, whose diff IDs are the engine image's layers", async () => {
    const ref = { registry: registry.host, repository: 'team/app' };
    const manifest = (await client.manifest(ref, '1', { method: 'GET' })).body as ImageManifest;
    const config: unknown = JSON.parse((await client.blob(ref, manifest.config.digest)).toString());
    const inspected = await engine.api<{ RootFS: { Layers: string[] } }>(
      `/images/${appImage}/json`,
    );
    expect(imageConfigDiffIds(config)).toEqual(inspected.RootFS.Layers);
    await expect(client.blob(ref, manifest.config.digest, { maxBytes: 10 })).rejects.toMatchObject({
      code: 'REGISTRY_BAD_ANSWER',
    });
  });

  it("reads a blob's last bytes with a Range request", async () => {
    const ref = { registry: registry.host, repository: 'team/app' };
    const manifest = (await client.manifest(ref, '1', { method: 'GET' })).body as ImageManifest;
    const layer = manifest.layers[1];
    if (layer === undefined) throw new Error('no layer');
    const onDisk = await readFile(blobPath(registry, layer.digest));
    const tail = await client.blobTail(ref, layer.digest, 4);
    expect(tail).toEqual(onDisk.subarray(onDisk.length - 4));
    // gzip's ISIZE: the uncompressed length mod 2^32 (the diff's tar here is far below 4 GiB).
    expect(tail?.readUInt32LE(0)).toBeGreaterThan(50_000);
  });

  it("follows the catalog's Link pages (page size 2, five repositories)", async () => {
    for (const name of ['page/a', 'page/b', 'page/c', 'page/d']) {
      await pushFixture(engine, registry, baseImage, `${name}:1`);
    }
    const before = lines.length;
    const repositories = await collect(client.catalog(registry.host, { pageSize: 2 }));
    expect(repositories).toEqual(['page/a', 'page/b', 'page/c', 'page/d', 'team/app']);
    const pages = lines.slice(before).filter((line) => line.includes('"path":"/v2/_catalog'));
    expect(pages.length).toBe(3);
  });

  it('lists tags', async () => {
    for (const tag of ['2', '3', '4', '5']) {
      await pushFixture(engine, registry, appImage, `team/app:${tag}`);
    }
    const tags = await collect(
      client.tags({ registry: registry.host, repository: 'team/app' }, { pageSize: 2 }),
    );
    expect(tags.sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('deletes a manifest by digest; then it is not found, and garbage-collect frees its blobs', async () => {
    // base-beta is pushed nowhere else: its manifest, config and layer are this tag's alone.
    const betaImage = fixtureSpecs.baseBeta.tags[0] as string;
    const pushedBeta = await pushFixture(engine, registry, betaImage, 'gone/beta:1');
    const ref = { registry: registry.host, repository: 'gone/beta' };
    const manifest = (await client.manifest(ref, '1', { method: 'GET' })).body as ImageManifest;
    const own = [
      pushedBeta.digest,
      manifest.config.digest,
      ...manifest.layers.map((l) => l.digest),
    ];
    await client.deleteManifest(ref, pushedBeta.digest);
    await expect(client.manifest(ref, '1', { method: 'HEAD' })).rejects.toMatchObject({
      statusCode: 404,
      code: 'REGISTRY_NOT_FOUND',
    });
    const dryRun = await registry.garbageCollect({ dryRun: true, deleteUntagged: true });
    expect(dryRun).toContain(`${own.length} blobs and 0 manifests eligible for deletion`);
    for (const digest of own) expect((await stat(blobPath(registry, digest))).isFile()).toBe(true);
    await registry.garbageCollect({ dryRun: false, deleteUntagged: true });
    for (const digest of own) await expect(stat(blobPath(registry, digest))).rejects.toThrow();
    // What other tags hold stays.
    expect((await stat(blobPath(registry, pushed.digest))).isFile()).toBe(true);
  });

  it('answers a missing repository or tag with REGISTRY_NOT_FOUND', async () => {
    await expect(
      client.manifest({ registry: registry.host, repository: 'team/none' }, '1', { method: 'GET' }),
    ).rejects.toMatchObject({
      code: 'REGISTRY_NOT_FOUND',
      message: `The registry ${registry.host} has no manifest team/none:1.`,
    });
  });

  it('refuses a repository or reference that is not one before asking the registry', async () => {
    const host = registry.host;
    for (const repository of ['../v2/_catalog', 'Team/App', 'a?n=1', '']) {
      await expect(
        client.manifest({ registry: host, repository }, '1', { method: 'HEAD' }),
      ).rejects.toMatchObject({ statusCode: 400, code: 'BAD_REFERENCE' });
    }
    await expect(
      client.manifest({ registry: host, repository: 'team/app' }, '1/../../x', { method: 'HEAD' }),
    ).rejects.toMatchObject({ code: 'BAD_REFERENCE' });
    await expect(
      client.deleteManifest({ registry: host, repository: 'team/app' }, '1'),
    ).rejects.toMatchObject({ code: 'BAD_REFERENCE' });
  });

  it('answers REGISTRY_UNREACHABLE once the registry is gone', async () => {
    const gone = await startRegistry();
    const host = gone.host;
    await gone.stop();
    const error = await client
      .manifest({ registry: host, repository: 'a' }, 'latest', { method: 'HEAD' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ statusCode: 502, code: 'REGISTRY_UNREACHABLE' });
    expect((error as Error).message).toContain(host);
  });
});

describe("a registry that sends Docker Hub's rate-limit headers", () => {
  it('gives the limit, what remains and its source with every manifest answer', async () => {
    const registry = await startRegistry({
      headers: {
        'RateLimit-Limit': '100;w=21600',
        'RateLimit-Remaining': '76;w=21600',
        'Docker-RateLimit-Source': '192.0.2.7',
      },
    });
    const { client } = clientWith(await tempDir('fp-empty-config-'));
    try {
      await pushFixture(engine, registry, baseImage, 'limited/base:1');
      const ref = { registry: registry.host, repository: 'limited/base' };
      const expected = { limit: 100, remaining: 76, source: '192.0.2.7' };
      expect((await client.manifest(ref, '1', { method: 'HEAD' })).rateLimit).toEqual(expected);
      expect((await client.manifest(ref, '1', { method: 'GET' })).rateLimit).toEqual(expected);
    } finally {
      await client.close();
      await registry.stop();
    }
  });
});

describe('a registry with Basic auth (htpasswd) behind TLS with a test CA', () => {
  const account = { user: 'alice', password: 'S3cret-basic-pw!' };
  let registry: PrivateRegistry;
  let pushed: { digest: string; size: number };
  let loggedIn: string;

  beforeAll(async () => {
    registry = await startRegistry({ htpasswd: account, tls: true });
    loggedIn = await tempDir('fp-login-config-');
    pushed = await pushFixture(engine, registry, appImage, 'secure/app:1', loggedIn);
  });
  afterAll(() => registry.stop());

  it("reads with the credentials docker login stored, verifying TLS with the certs dir's CA", async () => {
    const { client } = clientWith(loggedIn, registry.certsDir);
    const head = await client.manifest({ registry: registry.host, repository: 'secure/app' }, '1', {
      method: 'HEAD',
    });
    expect(head.digest).toBe(pushed.digest);
    expect(await collect(client.catalog(registry.host))).toEqual(['secure/app']);
    await client.close();
  });

  it("is the app's client too, with the docker config dir and certs dir from its options", async () => {
    const app = await appOnPrivateEngine(engine, {
      dockerConfigDir: loggedIn,
      registryCertsDir: registry.certsDir,
    });
    try {
      const { client, credentials } = app.registries;
      expect(await credentials.configuredRegistries()).toEqual([registry.host]);
      const head = await client.manifest(
        { registry: registry.host, repository: 'secure/app' },
        '1',
        {
          method: 'HEAD',
        },
      );
      expect(head.digest).toBe(pushed.digest);
    } finally {
      await app.close();
    }
  });

  it('refuses a certificate its CA did not sign: REGISTRY_UNREACHABLE naming the ca.crt', async () => {
    const otherCerts = await tempDir('fp-wrong-ca-');
    await mkdir(join(otherCerts, registry.host));
    // A CA that signed nothing here: this registry's own server certificate as the "CA".
    await writeFile(
      join(otherCerts, registry.host, 'ca.crt'),
      await readFile(join(registry.storageDir, '..', 'server.crt')),
    );
    const { client } = clientWith(loggedIn, otherCerts);
    const error = await client
      .manifest({ registry: registry.host, repository: 'secure/app' }, '1', { method: 'HEAD' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'REGISTRY_UNREACHABLE' });
    expect((error as Error).message).toContain('ca.crt');
    await client.close();
  });

  it('answers a wrong password with REGISTRY_AUTH_FAILED; the password is in no message or log line', async () => {
    const config = await tempDir('fp-wrong-config-');
    const wrong = 'Wr0ng-password-xyz';
    const auth = Buffer.from(`${account.user}:${wrong}`).toString('base64');
    await writeFile(
      join(config, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { auth } } }),
    );
    const { client, lines } = clientWith(config, registry.certsDir);
    const error = await client
      .manifest({ registry: registry.host, repository: 'secure/app' }, '1', { method: 'GET' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ statusCode: 401, code: 'REGISTRY_AUTH_FAILED' });
    const message = (error as Error).message;
    expect(message).toContain(registry.host);
    for (const secret of [wrong, auth, account.password]) {
      expect(message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
      for (const line of lines) expect(line).not.toContain(secret);
    }
    expect(lines.length).toBeGreaterThan(0);
    await client.close();
  });

  it('answers no credentials with REGISTRY_AUTH_FAILED that says to log in', async () => {
    const { client } = clientWith(await tempDir('fp-empty-config-'), registry.certsDir);
    await expect(
      client.manifest({ registry: registry.host, repository: 'secure/app' }, '1', {
        method: 'HEAD',
      }),
    ).rejects.toMatchObject({
      code: 'REGISTRY_AUTH_FAILED',
      message: expect.stringContaining(`docker login ${registry.host}`) as unknown,
    });
    await client.close();
  });

  it('answers a delete on a registry without storage.delete.enabled with REGISTRY_DELETE_DISABLED', async () => {
    const { client } = clientWith(loggedIn, registry.certsDir);
    await expect(
      client.deleteManifest({ registry: registry.host, repository: 'secure/app' }, pushed.digest),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'REGISTRY_DELETE_DISABLED',
      message: expect.stringContaining('storage.delete.enabled') as unknown,
    });
    await client.close();
  });
});

describe('a registry behind a token service (Bearer)', () => {
  let registry: PrivateRegistry;
  let pushed: { digest: string; size: number };
  let loggedIn: string;

  beforeAll(async () => {
    registry = await startRegistry({ tokenAuth: true, deleteEnabled: true });
    loggedIn = await tempDir('fp-token-config-');
    pushed = await pushFixture(engine, registry, appImage, 'tokened/app:1', loggedIn);
  });
  afterAll(() => registry.stop());

  it('gets a token with the stored login, keeps it per scope, and reads the manifest', async () => {
    const { client, lines } = clientWith(loggedIn);
    const tokens = registry.tokenServer?.requests ?? [];
    const before = tokens.length;
    const ref = { registry: registry.host, repository: 'tokened/app' };
    expect((await client.manifest(ref, '1', { method: 'HEAD' })).digest).toBe(pushed.digest);
    expect((await client.manifest(ref, '1', { method: 'GET' })).digest).toBe(pushed.digest);
    const asked = tokens.slice(before);
    expect(asked).toHaveLength(1);
    // docker login kept the service's refresh token as identitytoken: the client sends it as
    // an OAuth2 refresh_token grant, as the engine does.
    const stored = JSON.parse(await readFile(join(loggedIn, 'config.json'), 'utf8')) as {
      auths: Record<string, { identitytoken?: string }>;
    };
    expect(stored.auths[registry.host]?.identitytoken).toMatch(/^[0-9a-f]{32}$/);
    expect(asked[0]).toEqual({
      method: 'POST',
      grantType: 'refresh_token',
      scopes: ['repository:tokened/app:pull'],
      authenticatedBy: 'refresh-token',
    });
    expect(await collect(client.catalog(registry.host))).toEqual(['tokened/app']);
    expect(tokens.slice(before).map((t) => t.scopes)).toContainEqual(['registry:catalog:*']);
    for (const line of lines) expect(line).not.toMatch(/Bearer |eyJ/);
    await client.close();
  });

  it('gets a token with Basic credentials (user:password in auths)', async () => {
    const config = await tempDir('fp-basic-token-config-');
    const auth = Buffer.from('token-user:token-password').toString('base64');
    await writeFile(
      join(config, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { auth } } }),
    );
    const { client } = clientWith(config);
    const tokens = registry.tokenServer?.requests ?? [];
    const before = tokens.length;
    const ref = { registry: registry.host, repository: 'tokened/app' };
    expect((await client.manifest(ref, '1', { method: 'HEAD' })).digest).toBe(pushed.digest);
    expect(tokens.slice(before)).toEqual([
      {
        method: 'GET',
        grantType: null,
        scopes: ['repository:tokened/app:pull'],
        authenticatedBy: 'basic',
      },
    ]);
    await client.close();
  });

  it('answers REGISTRY_AUTH_FAILED for an anonymous caller the token service gives no access', async () => {
    const { client } = clientWith(await tempDir('fp-empty-config-'));
    await expect(
      client.manifest({ registry: registry.host, repository: 'tokened/app' }, '1', {
        method: 'HEAD',
      }),
    ).rejects.toMatchObject({ code: 'REGISTRY_AUTH_FAILED' });
    await client.close();
  });

  it('answers a wrong password with REGISTRY_AUTH_FAILED from the token service', async () => {
    const config = await tempDir('fp-wrong-token-config-');
    const auth = Buffer.from('token-user:not-the-password').toString('base64');
    await writeFile(
      join(config, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { auth } } }),
    );
    const { client, lines } = clientWith(config);
    const error = await client
      .manifest({ registry: registry.host, repository: 'tokened/app' }, '1', { method: 'HEAD' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'REGISTRY_AUTH_FAILED' });
    expect((error as Error).message).not.toContain('not-the-password');
    for (const line of lines) expect(line).not.toContain('not-the-password');
    await client.close();
  });

  it('deletes with a token for the delete action', async () => {
    const { client } = clientWith(loggedIn);
    const ref = { registry: registry.host, repository: 'tokened/app' };
    await client.deleteManifest(ref, pushed.digest);
    await expect(client.manifest(ref, '1', { method: 'HEAD' })).rejects.toMatchObject({
      code: 'REGISTRY_NOT_FOUND',
    });
    await client.close();
  });
});
