import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const defaults = { webRoot: null };

describe('loadConfig', () => {
  it('binds 127.0.0.1:7077 and the default socket when nothing is set', () => {
    expect(loadConfig({}, defaults)).toMatchObject({
      host: '127.0.0.1',
      port: 7077,
      dockerHost: 'unix:///var/run/docker.sock',
      dataRoot: null,
      dockerCertPath: null,
      logLevel: 'info',
    });
  });

  it('keeps its own files under XDG_STATE_HOME unless FOOTPRINT_STATE_DIR says otherwise', () => {
    expect(loadConfig({ HOME: '/home/ann' }, defaults).stateRoot).toBe(
      '/home/ann/.local/state/docker-footprint',
    );
    expect(loadConfig({ XDG_STATE_HOME: '/xdg' }, defaults).stateRoot).toBe(
      '/xdg/docker-footprint',
    );
    expect(loadConfig({ FOOTPRINT_STATE_DIR: '/srv/fp' }, defaults).stateRoot).toBe('/srv/fp');
  });

  it('reads PORT, HOST, DOCKER_HOST and DOCKER_DATA_ROOT', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        HOST: '::1',
        DOCKER_HOST: 'tcp://127.0.0.1:2375',
        DOCKER_DATA_ROOT: '/host/docker',
      },
      defaults,
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '::1',
      dockerHost: 'tcp://127.0.0.1:2375',
      dataRoot: '/host/docker',
    });
  });

  it('is not read-only, has no fixed token and no extra hosts unless told', () => {
    expect(loadConfig({}, defaults)).toMatchObject({
      readOnly: false,
      token: null,
      allowedHosts: [],
      sessionFile: null,
    });
    expect(
      loadConfig(
        {
          FOOTPRINT_READ_ONLY: '1',
          FOOTPRINT_TOKEN: 'a'.repeat(32),
          FOOTPRINT_ALLOWED_HOSTS: 'localhost:5173, Dash.lan',
          FOOTPRINT_SESSION_FILE: '/state/session-token',
        },
        defaults,
      ),
    ).toMatchObject({
      readOnly: true,
      token: 'a'.repeat(32),
      allowedHosts: ['localhost:5173', 'dash.lan'],
      sessionFile: '/state/session-token',
    });
  });

  it('reads registry credentials from FOOTPRINT_DOCKER_CONFIG, DOCKER_CONFIG or ~/.docker, CAs from certs.d', () => {
    expect(loadConfig({ HOME: '/home/ann' }, defaults)).toMatchObject({
      dockerConfigDir: '/home/ann/.docker',
      registryCertsDir: '/etc/docker/certs.d',
    });
    expect(loadConfig({ HOME: '/home/ann', DOCKER_CONFIG: '/cfg' }, defaults).dockerConfigDir).toBe(
      '/cfg',
    );
    expect(
      loadConfig(
        {
          DOCKER_CONFIG: '/cfg',
          FOOTPRINT_DOCKER_CONFIG: '/fp-cfg',
          FOOTPRINT_REGISTRY_CERTS_DIR: '/certs',
        },
        defaults,
      ),
    ).toMatchObject({ dockerConfigDir: '/fp-cfg', registryCertsDir: '/certs' });
  });

  it.each([
    [{ FOOTPRINT_TOKEN: 'short' }, /FOOTPRINT_TOKEN/],
    [{ FOOTPRINT_ALLOWED_HOSTS: 'http://x' }, /FOOTPRINT_ALLOWED_HOSTS/],
    [{ FOOTPRINT_READ_ONLY: 'maybe' }, /FOOTPRINT_READ_ONLY/],
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DOCKER_HOST: 'ssh://me@host' }, /DOCKER_HOST/],
    [{ DOCKER_DATA_ROOT: 'relative/path' }, /DOCKER_DATA_ROOT/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('rejects %j with a message naming the setting', (env, pattern) => {
    expect(() => loadConfig(env, defaults)).toThrow(ConfigError);
    expect(() => loadConfig(env, defaults)).toThrow(pattern);
  });
});
