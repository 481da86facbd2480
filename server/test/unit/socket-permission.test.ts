import { describe, expect, it } from 'vitest';
import {
  engineSocketCandidates,
  otherEngineSockets,
  permissionDeniedMessage,
} from '../../src/engine/socket-permission.js';

describe('engine socket permission advice', () => {
  it('looks for rootless Docker and Podman under XDG_RUNTIME_DIR, and for rootful Podman', () => {
    expect(engineSocketCandidates('/run/user/1000').map((socket) => socket.path)).toEqual([
      '/run/user/1000/docker.sock',
      '/run/user/1000/podman/podman.sock',
      '/run/podman/podman.sock',
    ]);
    expect(engineSocketCandidates(undefined).map((socket) => socket.path)).toEqual([
      '/run/podman/podman.sock',
    ]);
    expect(engineSocketCandidates('')).toHaveLength(1);
  });

  it('names only sockets this user may open, never the refused one', () => {
    const usable = new Set(['/run/user/1000/docker.sock', '/run/podman/podman.sock']);
    const others = otherEngineSockets('/var/run/docker.sock', '/run/user/1000', (path) =>
      usable.has(path),
    );
    expect(others.map((socket) => socket.path)).toEqual([
      '/run/user/1000/docker.sock',
      '/run/podman/podman.sock',
    ]);
    // DOCKER_HOST already names the rootless socket, and it is the one refused.
    const refusedRootless = otherEngineSockets(
      '/run/user/1000//docker.sock',
      '/run/user/1000',
      () => true,
    );
    expect(refusedRootless.map((socket) => socket.path)).not.toContain(
      '/run/user/1000/docker.sock',
    );
  });

  it('says how to get in, then where the other sockets are', () => {
    expect(permissionDeniedMessage('/var/run/docker.sock', 'EACCES', [])).toBe(
      'Permission denied on /var/run/docker.sock (EACCES): add this user to the docker group ' +
        '(sudo usermod -aG docker $USER, then log in again) or run as root.',
    );
    const withRootless = permissionDeniedMessage('/var/run/docker.sock', 'EACCES', [
      { what: 'a rootless Docker socket', path: '/run/user/1000/docker.sock' },
    ]);
    expect(withRootless).toMatch(
      / A rootless Docker socket is at \/run\/user\/1000\/docker\.sock: DOCKER_HOST=unix:\/\/\/run\/user\/1000\/docker\.sock\.$/,
    );
  });
});
