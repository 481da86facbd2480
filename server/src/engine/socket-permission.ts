import { accessSync, constants, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineUnreachableError } from '../errors.js';

/*
 * "connect EACCES /var/run/docker.sock" is the most common first run on Linux: the socket is
 * root:docker 0660 and this user is not in the docker group. The message says how to get in,
 * and names the other engine sockets this user could use instead (rootless Docker, Podman).
 */

export interface EngineSocket {
  /** How the message names it, e.g. "a rootless Docker socket". */
  what: string;
  path: string;
}

/** Where other engines listen: rootless Docker and Podman under XDG_RUNTIME_DIR, Podman's own. */
export function engineSocketCandidates(runtimeDir: string | undefined): EngineSocket[] {
  const candidates: EngineSocket[] = [];
  if (runtimeDir !== undefined && runtimeDir !== '') {
    candidates.push({ what: 'a rootless Docker socket', path: join(runtimeDir, 'docker.sock') });
    candidates.push({
      what: 'a rootless Podman socket',
      path: join(runtimeDir, 'podman', 'podman.sock'),
    });
  }
  candidates.push({ what: 'a Podman socket', path: '/run/podman/podman.sock' });
  return candidates;
}

/** A unix socket this process may connect to (connecting needs write permission on it). */
export function isUsableSocket(path: string): boolean {
  try {
    if (!statSync(path).isSocket()) return false;
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The candidates, other than the refused socket, that exist and this user may open: one it
 * cannot open (rootful Podman's, root:root 0660) would only be the next refusal.
 */
export function otherEngineSockets(
  refused: string,
  runtimeDir: string | undefined = process.env.XDG_RUNTIME_DIR,
  usable: (path: string) => boolean = isUsableSocket,
): EngineSocket[] {
  return engineSocketCandidates(runtimeDir).filter(
    (socket) => resolve(socket.path) !== resolve(refused) && usable(socket.path),
  );
}

export function permissionDeniedMessage(
  socketPath: string,
  code: string,
  others: readonly EngineSocket[],
): string {
  const advice = others.map(
    (other) => ` ${capitalized(other.what)} is at ${other.path}: DOCKER_HOST=unix://${other.path}.`,
  );
  return (
    `Permission denied on ${socketPath} (${code}): add this user to the docker group ` +
    '(sudo usermod -aG docker $USER, then log in again) or run as root.' +
    advice.join('')
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The engine's socket refused this user: unreachable, with what to do about it. */
export class EnginePermissionError extends EngineUnreachableError {
  constructor(socketPath: string, code: string, others: readonly EngineSocket[]) {
    super(socketPath, code);
    this.message = permissionDeniedMessage(socketPath, code, others);
  }
}
