import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * An HTTP proxy on the loopback in front of a test registry that records every request it
 * passes on (method and path), so a test counts what a client really sent: HEAD versus GET of
 * manifests, as Docker Hub's pull quota counts them. The Host header goes through unchanged,
 * so the registry's upload Locations point back at the proxy.
 */

export interface CountingProxy {
  /** 127.0.0.1:port: use it as the registry's host. */
  host: string;
  requests: { method: string; path: string }[];
  /** Manifest requests (`/v2/<name>/manifests/<reference>`) by method since the last reset. */
  manifestRequests(): { head: number; get: number };
  reset(): void;
  /**
   * Set by a test to answer as Docker Hub would: extra headers on the registry's answer (its
   * `ratelimit-*`), or an answer of the proxy's own instead (a 429 with `Retry-After`).
   */
  front: ((method: string, path: string) => FrontAnswer | null) | null;
  close(): Promise<void>;
}

export interface FrontAnswer {
  headers: Record<string, string>;
  /** Answer with this status and no body instead of asking the registry. */
  status?: number;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const [targetHost = '127.0.0.1', targetPort = '0'] = target.split(':');
  const requests: { method: string; path: string }[] = [];
  const server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/';
    const method = incoming.method ?? 'GET';
    requests.push({ method, path });
    const front = proxy.front?.(method, path) ?? null;
    if (front?.status !== undefined) {
      outgoing.writeHead(front.status, { ...front.headers, 'content-length': '0' });
      outgoing.end();
      return;
    }
    const upstream = request(
      {
        host: targetHost,
        port: Number(targetPort),
        method: incoming.method,
        path,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...front?.headers });
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => {
      outgoing.destroy();
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const proxy: CountingProxy = {
    host: `127.0.0.1:${port}`,
    front: null,
    requests,
    manifestRequests() {
      const manifests = requests.filter((entry) => /^\/v2\/.+\/manifests\/[^/]+$/.test(entry.path));
      return {
        head: manifests.filter((entry) => entry.method === 'HEAD').length,
        get: manifests.filter((entry) => entry.method === 'GET').length,
      };
    },
    reset() {
      requests.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return proxy;
}
