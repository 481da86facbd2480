import { request } from 'node:http';
import type { FastifyInstance } from 'fastify';

/*
 * Raw HTTP to a listening test server: node:http sends exactly the headers given (Host too), as
 * a browser or an attacker's page would, unlike app.inject or fetch.
 */

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export function rawRequest(
  port: number,
  options: {
    method?: string;
    /** The request target as sent: origin-form, or absolute-form and `*` when a test means it. */
    path: string;
    /** Name-value pairs in a flat list (as rawHeaders) send a header twice, e.g. two Hosts. */
    headers?: Record<string, string> | string[];
    body?: string;
    /** Resolve on the status and headers and close: an event stream never ends its body. */
    headersOnly?: boolean;
  },
): Promise<RawResponse> {
  // DELETE and OPTIONS get no chunked encoding from node: say the length.
  const length =
    options.body === undefined ? [] : ['Content-Length', String(Buffer.byteLength(options.body))];
  const given = options.headers ?? {};
  const headers = Array.isArray(given)
    ? [...given, ...length]
    : [...Object.entries(given).flat(), ...length];
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers,
        // Keep node from adding a Host: a test that omits it means it.
        setHost: false,
      },
      (res) => {
        if (options.headersOnly === true) {
          res.destroy();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: '',
            json: () => ({}) as never,
          });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: <T>() => JSON.parse(body) as T,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening');
  return address.port;
}

/** A browser session on the dashboard: the cookie from the token URL, and the right headers. */
export async function session(port: number, token: string) {
  const host = `127.0.0.1:${port}`;
  const exchange = await rawRequest(port, { path: `/?token=${token}`, headers: { Host: host } });
  if (exchange.status !== 303)
    throw new Error(`token exchange: ${exchange.status} ${exchange.body}`);
  const setCookie = String(exchange.headers['set-cookie'] ?? '');
  const cookie = setCookie.split(';')[0] ?? '';
  const headers = (extra: Record<string, string> = {}) => ({
    Host: host,
    Origin: `http://${host}`,
    'Content-Type': 'application/json',
    'Sec-Fetch-Site': 'same-origin',
    Cookie: cookie,
    ...extra,
  });
  const send = (method: string, path: string, body: unknown = {}, extra = {}) =>
    rawRequest(port, { method, path, headers: headers(extra), body: JSON.stringify(body) });
  const get = (path: string) => rawRequest(port, { path, headers: { Host: host } });
  return { host, cookie, setCookie, headers, send, get };
}
