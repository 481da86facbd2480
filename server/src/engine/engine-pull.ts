import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors.js';
import type { EngineClient } from './engine-client.js';

/*
 * `docker pull` through the Engine API (POST /images/create). The engine answers 200 at once and
 * streams one JSON message per line; a failure after that (manifest unknown, auth refused
 * mid-way, a blob that fails its digest) comes inside the stream as errorDetail, not as a status.
 * Aborting the request cancels the pull in the engine (its request context ends).
 */

export interface EnginePlatform {
  os: string;
  architecture: string;
  variant: string | null;
}

/** The engine's own os/architecture (GET /version: Os, Arch, as Go's GOOS/GOARCH). */
export async function enginePlatform(client: EngineClient): Promise<EnginePlatform> {
  const { version } = await client.connect();
  const raw = version as unknown as { Os?: string; Arch?: string };
  const architecture = raw.Arch ?? 'amd64';
  return {
    os: raw.Os ?? 'linux',
    architecture,
    // /version has no variant. The engine pulls arm's default (containerd platforms: v7 where
    // the CPU does not say); amd64 and arm64 match their entries without one.
    variant: architecture === 'arm' ? 'v7' : null,
  };
}

export interface PullRequestToEngine {
  /** Repository as the engine takes it: host[:port]/path (docker.io's without the host). */
  repository: string;
  /** A tag, or a digest ("sha256:…"), as `docker pull repo@digest` sends it. */
  tagOrDigest: string;
  platform: string | null;
  /** dockerode's authconfig, sent as X-Registry-Auth; never logged. */
  authconfig: Record<string, string> | null;
  signal: AbortSignal;
}

/**
 * Starts a pull and calls `onMessage` for every JSON line; resolves when the engine ends the
 * stream, rejects when the request fails or is aborted. A line that is not JSON is skipped.
 */
export async function pullFromEngine(
  client: EngineClient,
  request: PullRequestToEngine,
  onMessage: (message: unknown) => void,
): Promise<void> {
  if (request.signal.aborted) throw new AppError(499, 'PULL_CANCELLED', 'The pull was cancelled.');
  const options: Record<string, unknown> = {
    fromImage: request.repository,
    tag: request.tagOrDigest,
    abortSignal: request.signal,
    ...(request.platform !== null ? { platform: request.platform } : {}),
  };
  const stream = (await client.call((docker) =>
    request.authconfig !== null
      ? docker.createImage(request.authconfig, options)
      : docker.createImage(options),
  )) as IncomingMessage;
  await new Promise<void>((resolve, reject) => {
    let pending = '';
    const take = (text: string) => {
      const line = text.trim();
      if (line === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return;
      }
      onMessage(parsed);
    };
    const onAbort = () => {
      stream.destroy();
      reject(new AppError(499, 'PULL_CANCELLED', 'The pull was cancelled.'));
    };
    if (request.signal.aborted) {
      onAbort();
      return;
    }
    request.signal.addEventListener('abort', onAbort, { once: true });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        take(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    });
    stream.on('end', () => {
      request.signal.removeEventListener('abort', onAbort);
      take(pending);
      resolve();
    });
    stream.on('error', (error) => {
      request.signal.removeEventListener('abort', onAbort);
      reject(
        request.signal.aborted
          ? new AppError(499, 'PULL_CANCELLED', 'The pull was cancelled.')
          : new AppError(
              502,
              'PULL_STREAM_FAILED',
              `The engine's pull stream broke: ${error.message}`,
            ),
      );
    });
  });
}
