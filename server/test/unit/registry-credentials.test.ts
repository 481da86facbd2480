import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerCredentials, toEngineAuthConfig } from '../../src/registry/credentials.js';

/*
 * Credentials found as the docker CLI finds them, with real helper programs on PATH: shell
 * scripts named docker-credential-<name> that record the server URL they were given.
 */

let dir: string;
let record: string;
let savedPath: string | undefined;

const helperScript = (answers: string) => `#!/bin/sh
[ "$1" = get ] || exit 2
read -r url
echo "$(basename "$0") $url" >> "$FOOTPRINT_HELPER_RECORD"
case "$url" in
${answers}
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
`;

const basic = (user: string, password: string) =>
  Buffer.from(`${user}:${password}`).toString('base64');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fp-credentials-'));
  record = join(dir, 'record');
  await writeFile(record, '');
  const scripts = {
    'docker-credential-test': helperScript(`
  https://index.docker.io/v1/) echo '{"ServerURL":"https://index.docker.io/v1/","Username":"hubuser","Secret":"hub-secret"}' ;;
  helper.example) echo '{"ServerURL":"helper.example","Username":"<token>","Secret":"identity-secret"}' ;;
  broken.example) echo 'leaked-secret-text'; exit 3 ;;`),
    'docker-credential-store': helperScript(`
  store.example:5000) echo '{"ServerURL":"store.example:5000","Username":"storeuser","Secret":"store-secret"}' ;;`),
  };
  for (const [name, text] of Object.entries(scripts)) {
    await writeFile(join(dir, name), text);
    await chmod(join(dir, name), 0o755);
  }
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: basic('file-hub-user', 'file-hub-secret') },
        'auths.example': { auth: basic('fileuser', 'pass:with:colons') },
        'https://legacy.example/v1/': { auth: basic('legacyuser', 'legacy-secret') },
        'token.example': { auth: basic('tokenuser', ''), identitytoken: 'file-identity' },
        'store.example:5000': {},
      },
      credsStore: 'store',
      credHelpers: {
        'https://index.docker.io/v1/': 'test',
        'helper.example': 'test',
        'broken.example': 'test',
        'missing.example': 'nope',
      },
    }),
  );
  savedPath = process.env.PATH;
  process.env.PATH = `${dir}:${process.env.PATH ?? ''}`;
  process.env.FOOTPRINT_HELPER_RECORD = record;
});

afterAll(async () => {
  process.env.PATH = savedPath;
  delete process.env.FOOTPRINT_HELPER_RECORD;
  await rm(dir, { recursive: true, force: true });
});

async function calls(): Promise<string[]> {
  const text = await readFile(record, 'utf8');
  await writeFile(record, '');
  return text.split('\n').filter(Boolean);
}

describe('DockerCredentials', () => {
  it("asks credHelpers[host] first, with Docker Hub's key as the server URL", async () => {
    const credentials = new DockerCredentials({ configDir: dir });
    await calls();
    const hub = await credentials.get('docker.io');
    expect(hub).toMatchObject({ kind: 'basic', username: 'hubuser', password: 'hub-secret' });
    expect(await calls()).toEqual(['docker-credential-test https://index.docker.io/v1/']);
    // Username <token>: the secret is an identity token.
    expect(await credentials.get('helper.example')).toMatchObject({
      kind: 'identity-token',
      token: 'identity-secret',
    });
  });

  it('then credsStore, then auths (by key, or by host for a URL key)', async () => {
    const credentials = new DockerCredentials({ configDir: dir });
    await calls();
    expect(await credentials.get('store.example:5000')).toMatchObject({
      username: 'storeuser',
      password: 'store-secret',
    });
    expect(await calls()).toEqual(['docker-credential-store store.example:5000']);
    expect(await credentials.get('auths.example')).toMatchObject({
      kind: 'basic',
      username: 'fileuser',
      password: 'pass:with:colons',
    });
    expect(await calls()).toEqual(['docker-credential-store auths.example']);
    expect(await credentials.get('legacy.example')).toMatchObject({ username: 'legacyuser' });
    expect(await credentials.get('token.example')).toMatchObject({
      kind: 'identity-token',
      token: 'file-identity',
    });
    expect(await credentials.get('none.example')).toBeNull();
  });

  it('names a failing or missing helper, and never quotes what it printed', async () => {
    const credentials = new DockerCredentials({ configDir: dir });
    const broken = await credentials.get('broken.example').catch((error: unknown) => error);
    expect(broken).toMatchObject({ code: 'CREDENTIAL_HELPER_FAILED' });
    expect((broken as Error).message).toContain('docker-credential-test exited with status 3');
    expect((broken as Error).message).not.toContain('leaked-secret-text');
    await expect(credentials.get('missing.example')).rejects.toMatchObject({
      code: 'CREDENTIAL_HELPER_FAILED',
      message: expect.stringContaining('docker-credential-nope is not installed') as unknown,
    });
  });

  it('keeps secrets out of JSON, inspect and spreads, but gives them to the engine', async () => {
    const credentials = new DockerCredentials({ configDir: dir });
    const credential = await credentials.get('auths.example');
    if (credential === null) throw new Error('no credential');
    for (const shown of [
      JSON.stringify(credential),
      inspect(credential),
      JSON.stringify({ ...credential }),
    ]) {
      expect(shown).not.toContain('pass:with:colons');
    }
    expect(toEngineAuthConfig(credential, 'auths.example')).toEqual({
      username: 'fileuser',
      password: 'pass:with:colons',
      serveraddress: 'auths.example',
    });
    const identity = await credentials.get('token.example');
    if (identity === null) throw new Error('no identity token');
    expect(JSON.stringify(identity)).not.toContain('file-identity');
    expect(toEngineAuthConfig(identity, 'docker.io')).toEqual({
      identitytoken: 'file-identity',
      serveraddress: 'https://index.docker.io/v1/',
    });
  });

  it('lists the configured registries without reading a secret', async () => {
    const credentials = new DockerCredentials({ configDir: dir });
    await calls();
    expect(await credentials.configuredRegistries()).toEqual([
      'auths.example',
      'broken.example',
      'docker.io',
      'helper.example',
      'legacy.example',
      'missing.example',
      'store.example:5000',
      'token.example',
    ]);
    expect(await calls()).toEqual([]);
  });

  it('finds nothing without a config file, and names an invalid one without quoting it', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'fp-no-config-'));
    try {
      expect(await new DockerCredentials({ configDir: empty }).get('docker.io')).toBeNull();
      await writeFile(join(empty, 'config.json'), '{"auths": {"x": {"auth": "c2VjcmV0"}');
      const error = await new DockerCredentials({ configDir: empty })
        .get('x')
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'DOCKER_CONFIG_UNREADABLE' });
      expect((error as Error).message).not.toContain('c2VjcmV0');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
