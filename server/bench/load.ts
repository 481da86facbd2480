import autocannon from 'autocannon';

export interface Latency {
  path: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Concurrent GETs from autocannon on loopback, for a bounded time, with the headers a browser
 * sends; latency percentiles.
 */
export async function measureLatency(
  port: number,
  path: string,
  { connections = 10, durationSeconds = 10 } = {},
): Promise<Latency> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    // What the page's requests carry (Chromium's header): the answers are sent gzipped then.
    headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
    connections,
    duration: durationSeconds,
    // A long answer is still an answer: count it in the latency instead of as a timeout.
    timeout: 60,
  });
  return {
    path,
    connections,
    durationSeconds,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
  };
}
