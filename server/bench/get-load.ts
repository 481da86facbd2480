import { Agent, request } from 'node:http';
import type { Latency } from './load.js';

/**
 * Concurrent GETs on loopback for a bounded time, as a browser asks them (Accept-Encoding: gzip),
 * each timed from its request to its last byte; the bodies are counted, not parsed or unzipped.
 * autocannon (load.ts) read a gzipped body at about 60 MB/s (http-parser-js), so asking it for
 * gzip measured autocannon: 0.9 MB of gzipped layer list took it half a second under load.
 * Node's own parser (llhttp) reads the same bytes at loopback speed.
 */
export async function measureGets(
  port: number,
  path: string,
  { connections = 10, durationSeconds = 10 } = {},
): Promise<Latency> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const times: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const end = performance.now() + durationSeconds * 1000;
  const once = () =>
    new Promise<void>((resolve) => {
      const start = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          agent,
          headers: { 'accept-encoding': 'gzip, deflate, br' },
          timeout: 60_000,
        },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => {
            times.push(performance.now() - start);
            const status = res.statusCode ?? 0;
            if (status < 200 || status > 299) non2xx++;
            resolve();
          });
          res.on('error', () => {
            errors++;
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const client = async () => {
    while (performance.now() < end) await once();
  };
  try {
    await Promise.all(Array.from({ length: connections }, client));
  } finally {
    agent.destroy();
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  const ms = (value: number) => Math.round(value * 10) / 10;
  return {
    path,
    connections,
    durationSeconds,
    requests: times.length,
    non2xx,
    errors,
    p50Ms: ms(at(0.5)),
    p99Ms: ms(at(0.99)),
    maxMs: ms(times.at(-1) ?? 0),
  };
}
