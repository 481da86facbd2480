import { request } from 'node:http';

export interface JsonAnswer<T> {
  status: number;
  body: T;
}

/** GET on the dashboard over loopback; the Host header is 127.0.0.1:<port>, as the server wants. */
export function getJson<T>(
  port: number,
  path: string,
  timeoutMs = 120_000,
): Promise<JsonAnswer<T>> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'GET', timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as T });
          } catch {
            reject(
              new Error(`GET ${path}: ${res.statusCode} answered non-JSON: ${text.slice(0, 200)}`),
            );
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls `check` every `intervalMs` until it returns a value (not undefined) or time runs out. */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  { intervalMs = 100, timeoutMs = 30 * 60_000 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`Gave up waiting for ${what} after ${timeoutMs} ms.`);
    await sleep(intervalMs);
  }
}
