import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appOnPrivateEngine, fixtures, privateEngine, testToken } from './context.js';
import { listen, rawRequest, session } from './raw-http.js';

/*
 * Through raw HTTP to a listening server: every refusal happens before any engine call, and the
 * dangling fixture image the refused requests aim at is still there after each of them.
 */

const engine = privateEngine();
const { images: fx } = fixtures();
const target = fx.replaced.id;
const app = await appOnPrivateEngine(engine, { allowedHosts: [] });
let port = 0;
let browser: Awaited<ReturnType<typeof session>>;

beforeAll(async () => {
  port = await listen(app);
  browser = await session(port, testToken);
});
afterAll(() => app.close());

async function targetStillThere() {
  const ids = (await engine.docker(['image', 'ls', '-aq', '--no-trunc'])).split('\n');
  expect(ids).toContain(target);
}

const deletePath = `/api/images/${target}`;

describe('Host check (DNS rebinding)', () => {
  it.each(['GET', 'POST', 'DELETE', 'OPTIONS'])(
    'refuses Host: evil.example on %s',
    async (method) => {
      const response = await rawRequest(port, {
        method,
        path: method === 'GET' ? '/api/images' : deletePath,
        headers: { ...browser.headers(), Host: 'evil.example' },
        body: method === 'GET' || method === 'OPTIONS' ? undefined : '{}',
      });
      expect(response.status).toBe(403);
      expect(response.json()).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
      await targetStillThere();
    },
  );

  it('refuses the right name on another port, a missing Host, and the index page', async () => {
    for (const headers of [
      { Host: `127.0.0.1:${port + 1}` },
      {},
      { Host: `evil.example:${port}` },
    ] as Record<string, string>[]) {
      for (const path of ['/', '/api/health']) {
        const response = await rawRequest(port, { path, headers });
        // Node's HTTP server itself answers 400 to a request without Host (requireHostHeader).
        const expected = 'Host' in headers ? 403 : 400;
        expect(response.status, `${JSON.stringify(headers)} ${path}`).toBe(expected);
      }
    }
  });

  it('answers to its own address and to the loopback aliases with its port', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      `LOCALHOST:${port}`,
    ]) {
      const response = await rawRequest(port, { path: '/api/health', headers: { Host: host } });
      expect(response.status, host).toBe(200);
    }
  });

  it('answers to FOOTPRINT_ALLOWED_HOSTS names, as the compose deployment needs', async () => {
    const composeLike = await appOnPrivateEngine(engine, {
      host: '0.0.0.0',
      allowedHosts: ['dashboard.example'],
      watchEngine: false,
    });
    try {
      const composePort = await listen(composeLike);
      // Bound beyond loopback, reads need the session too (see 'bound beyond loopback' below).
      const ok = await rawRequest(composePort, {
        path: '/api/health',
        headers: {
          Host: `dashboard.example:${composePort}`,
          Authorization: `Bearer ${testToken}`,
        },
      });
      expect(ok.status).toBe(200);
      const bad = await rawRequest(composePort, {
        path: '/api/health',
        headers: { Host: `0.0.0.0:${composePort}` },
      });
      expect(bad.status).toBe(403);
    } finally {
      await composeLike.close();
    }
  });
});

describe('request target and Host', () => {
  // A browser sends origin-form to the server it talks to (RFC 9112 §3.2.1); absolute-form is
  // for proxies, and its authority is a second Host the Host check would not look at.
  it('refuses absolute-form targets, whatever their authority, before the Origin checks', async () => {
    for (const [path, headers] of [
      [`http://evil.example:${port}/api/images`, { Origin: 'http://evil.example' }],
      [`http://${browser.host}/api/images`, { 'Sec-Fetch-Site': 'cross-site' }],
      [`http://evil.example/api/health`, {}],
      [`http://${browser.host}/api/events`, { Origin: 'http://evil.example' }],
    ] as [string, Record<string, string>][]) {
      const response = await rawRequest(port, {
        path,
        headers: { Host: browser.host, ...headers },
      });
      expect(response.status, path).toBe(400);
      expect(response.json(), path).toMatchObject({ code: 'TARGET_NOT_ORIGIN_FORM' });
    }
  });

  it('refuses an absolute-form request with a valid session too', async () => {
    // A preview changes nothing, so the old code's answer to it (200) harms no other test.
    const response = await rawRequest(port, {
      method: 'POST',
      path: `http://${browser.host}/api/prune/preview`,
      headers: browser.headers(),
      body: JSON.stringify({ kinds: ['dangling-images'] }),
    });
    expect(response.status).toBe(400);
    await targetStillThere();
  });

  it('refuses the asterisk target and a path that starts with two slashes', async () => {
    for (const [method, path] of [
      ['OPTIONS', '*'],
      ['GET', '//api/images'],
      ['GET', '/\\evil.example/'],
    ] as [string, string][]) {
      const response = await rawRequest(port, { method, path, headers: { Host: browser.host } });
      expect(response.status, path).toBe(400);
      expect(response.json(), path).toMatchObject({ code: 'TARGET_NOT_ORIGIN_FORM' });
    }
  });

  it('never redirects the token exchange to another host', async () => {
    for (const path of [
      `//evil.example/?token=${testToken}`,
      `/\\evil.example/?token=${testToken}`,
    ]) {
      const response = await rawRequest(port, { path, headers: { Host: browser.host } });
      expect(response.status, path).toBe(400);
      expect(response.headers.location, path).toBeUndefined();
      expect(response.headers['set-cookie'], path).toBeUndefined();
    }
  });

  it('checks Origin and Sec-Fetch-Site on a percent-encoded /api path, as the router decodes it', async () => {
    for (const path of ['/%61pi/images', '/%61%70%69/health', '/api%2Fhealth', '/%61pi/events']) {
      for (const headers of [
        { Origin: 'http://evil.example' },
        { 'Sec-Fetch-Site': 'cross-site' },
      ] as Record<string, string>[]) {
        const response = await rawRequest(port, {
          path,
          headers: { Host: browser.host, ...headers },
        });
        // '/api%2Fhealth' is no route (the router keeps %2F): 404, never an answer.
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(
          path.includes('%2F') ? 404 : 403,
        );
      }
    }
  });

  it('refuses a malformed percent-encoding', async () => {
    const response = await rawRequest(port, {
      path: '/api/images/%zz',
      headers: { Host: browser.host },
    });
    expect(response.status).toBe(400);
  });

  it('refuses a request with two Host headers, in either order', async () => {
    for (const hosts of [
      [browser.host, 'evil.example'],
      ['evil.example', browser.host],
      [browser.host, browser.host],
    ]) {
      const response = await rawRequest(port, {
        path: '/api/health',
        headers: hosts.flatMap((host) => ['Host', host]),
      });
      expect(response.status, hosts.join(', ')).toBe(400);
      expect(response.json()).toMatchObject({ code: 'DUPLICATE_HOST' });
    }
  });
});

describe('state-changing requests', () => {
  it('refuses a foreign Origin', async () => {
    const response = await browser.send(
      'DELETE',
      deletePath,
      {},
      { Origin: 'http://evil.example' },
    );
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ code: 'FOREIGN_ORIGIN' });
    await targetStillThere();
  });

  it('refuses a missing Origin, and Origin "null"', async () => {
    const headers = browser.headers();
    const { Origin: _origin, ...withoutOrigin } = headers;
    for (const extra of [withoutOrigin, { ...headers, Origin: 'null' }]) {
      const response = await rawRequest(port, {
        method: 'DELETE',
        path: deletePath,
        headers: extra,
        body: '{}',
      });
      expect(response.status).toBe(403);
    }
    await targetStillThere();
  });

  it.each(['cross-site', 'same-site'])('refuses Sec-Fetch-Site: %s', async (site) => {
    const response = await browser.send('DELETE', deletePath, {}, { 'Sec-Fetch-Site': site });
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ code: 'CROSS_SITE_REQUEST' });
    await targetStillThere();
  });

  it('refuses a text/plain form post, and a urlencoded one', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const response = await rawRequest(port, {
        method: 'POST',
        path: '/api/images/remove',
        headers: browser.headers({ 'Content-Type': type }),
        body: JSON.stringify({ ids: [target], force: true }),
      });
      expect(response.status, type).toBe(403);
      expect(response.json()).toMatchObject({ code: 'JSON_REQUIRED' });
    }
    await targetStillThere();
  });

  it('refuses a missing or wrong session cookie', async () => {
    const name = browser.cookie.split('=')[0] as string;
    for (const cookie of [
      '',
      `${name}=wrong-token-0123456789abcdefghijklmnop`,
      `other=${testToken}`,
    ]) {
      const response = await browser.send('DELETE', deletePath, {}, { Cookie: cookie });
      expect(response.status, cookie).toBe(403);
      expect(response.json()).toMatchObject({ code: 'SESSION_REQUIRED' });
    }
    await targetStillThere();
  });

  it('refuses a wrong token in the URL and sets no cookie', async () => {
    const response = await rawRequest(port, {
      path: '/?token=not-the-token',
      headers: { Host: `127.0.0.1:${port}` },
    });
    expect(response.status).toBe(403);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('exchanges the right token for an HttpOnly SameSite=Strict cookie and drops it from the URL', async () => {
    expect(browser.setCookie).toMatch(/HttpOnly/i);
    expect(browser.setCookie).toMatch(/SameSite=Strict/i);
    const response = await rawRequest(port, {
      path: `/images/x?token=${testToken}`,
      headers: { Host: `127.0.0.1:${port}` },
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/images/x');
    const me = await rawRequest(port, {
      path: '/api/session',
      headers: { Host: browser.host, Cookie: browser.cookie },
    });
    expect(me.json()).toEqual({ readOnly: false, authorized: true });
    const stranger = await browser.get('/api/session');
    expect(stranger.json()).toEqual({ readOnly: false, authorized: false });
  });

  it('lets the same request through when everything is right (a preview changes nothing)', async () => {
    const response = await browser.send('POST', '/api/prune/preview', {
      kinds: ['dangling-images'],
    });
    expect(response.status, response.body).toBe(200);
    expect(response.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(target);
    await targetStillThere();
  });

  it('validates IDs before the engine: a tag or a path is no image ID', async () => {
    for (const id of [
      'footprint-fixture%2Fmoving:1',
      '..%2F..%2Fcontainers%2Fjson',
      target.slice(0, 19),
    ]) {
      const response = await browser.send('DELETE', `/api/images/${id}`, {});
      expect(response.status, id).toBe(400);
    }
    await targetStillThere();
  });
});

describe('GET /api/events', () => {
  it('refuses a foreign Origin and a cross-site fetch', async () => {
    for (const headers of [
      { Origin: 'http://evil.example' },
      { 'Sec-Fetch-Site': 'cross-site' },
    ] as Record<string, string>[]) {
      const response = await rawRequest(port, {
        path: '/api/events',
        headers: { Host: browser.host, ...headers },
      });
      expect(response.status).toBe(403);
    }
  });
});

describe('bound beyond loopback (HOST=0.0.0.0)', () => {
  // Anyone on the network can send the loopback Host, so the Host check keeps nobody out:
  // every /api request needs the session, reads and the event stream too.
  let open: Awaited<ReturnType<typeof appOnPrivateEngine>>;
  let openPort = 0;
  let webRoot = '';
  let lan: Awaited<ReturnType<typeof session>>;

  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'fp-web-'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>docker-footprint</title>');
    await mkdir(join(webRoot, 'assets'));
    await writeFile(join(webRoot, 'assets', 'app.js'), 'export {};');
    open = await appOnPrivateEngine(engine, {
      host: '0.0.0.0',
      allowedHosts: [],
      watchEngine: false,
      webRoot,
    });
    openPort = await listen(open);
    lan = await session(openPort, testToken);
  });
  afterAll(async () => {
    await open.close();
    await rm(webRoot, { recursive: true, force: true });
  });

  const reads = ['/api/images', '/api/health', '/api/session', '/api/disk', '/api/openapi.json'];

  it('answers 401 to every /api read without the session, the event stream too', async () => {
    for (const [method, path] of [
      ...reads.map((path) => ['GET', path]),
      ['HEAD', '/api/images'],
      ['GET', '/api/events'],
      ['GET', '/%61pi/images'],
    ] as [string, string][]) {
      const response = await rawRequest(openPort, {
        method,
        path,
        headers: { Host: lan.host },
        headersOnly: path.endsWith('/events'),
      });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers['www-authenticate'], path).toMatch(/^Bearer /);
      if (method === 'GET' && !path.endsWith('/events')) {
        expect(response.json(), path).toMatchObject({ code: 'SESSION_REQUIRED' });
        expect(response.json<{ message: string }>().message, path).toMatch(/\?token=.*Bearer/);
      }
    }
  });

  it('refuses a wrong cookie or a wrong bearer token with 401', async () => {
    const name = lan.cookie.split('=')[0] as string;
    for (const headers of [
      { Cookie: `${name}=wrong-token-0123456789abcdefghijklmnop` },
      { Authorization: 'Bearer wrong-token-0123456789abcdefghijklmnop' },
      { Authorization: `Basic ${Buffer.from(`x:${testToken}`).toString('base64')}` },
      { Authorization: testToken },
    ] as Record<string, string>[]) {
      const response = await rawRequest(openPort, {
        path: '/api/images',
        headers: { Host: lan.host, ...headers },
      });
      expect(response.status, JSON.stringify(headers)).toBe(401);
    }
  });

  it('answers reads with the session cookie or Authorization: Bearer', async () => {
    for (const path of reads) {
      const withCookie = await rawRequest(openPort, {
        path,
        headers: { Host: lan.host, Cookie: lan.cookie },
      });
      expect(withCookie.status, path).toBe(200);
      const withBearer = await rawRequest(openPort, {
        path,
        headers: { Host: lan.host, Authorization: `Bearer ${testToken}` },
      });
      expect(withBearer.status, path).toBe(200);
    }
    const events = await rawRequest(openPort, {
      path: '/api/events',
      headers: { Host: lan.host, Cookie: lan.cookie },
      headersOnly: true,
    });
    expect(events.status).toBe(200);
    expect(events.headers['content-type']).toMatch(/^text\/event-stream/);
  });

  it('still serves the page, its assets and the token URL that sets the cookie', async () => {
    for (const path of ['/', '/assets/app.js', '/images/some-id']) {
      const response = await rawRequest(openPort, { path, headers: { Host: lan.host } });
      expect(response.status, path).toBe(200);
    }
    // session() above exchanged the printed token for the cookie: 303 and Set-Cookie.
    expect(lan.setCookie).toMatch(/HttpOnly/i);
  });

  it('refuses a change without the session before anything else, and keeps the other checks', async () => {
    const bare = await rawRequest(openPort, {
      method: 'DELETE',
      path: deletePath,
      headers: { Host: lan.host, Origin: `http://${lan.host}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(bare.status).toBe(401);
    const foreign = await lan.send('DELETE', deletePath, {}, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    // The bearer token opens reads to a script; a change still needs the browser's cookie.
    const bearer = await lan.send(
      'DELETE',
      deletePath,
      {},
      { Cookie: '', Authorization: `Bearer ${testToken}` },
    );
    expect(bearer.status).toBe(403);
    expect(bearer.json()).toMatchObject({ code: 'SESSION_REQUIRED' });
    await targetStillThere();
  });
});

describe('headers', () => {
  it('sends a CSP without inline script, frame-ancestors none, X-Frame-Options DENY, no CORS', async () => {
    const response = await rawRequest(port, {
      path: '/api/health',
      headers: { Host: browser.host, Origin: `http://${browser.host}` },
    });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("connect-src 'self'");
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('read-only mode', () => {
  it('refuses every destructive route with 403, with a valid session', async () => {
    const readOnly = await appOnPrivateEngine(engine, {
      readOnly: true,
      allowedHosts: [],
      watchEngine: false,
    });
    const destructive: string[] = [];
    readOnly.addHook('onRoute', (route) => {
      if (route.config?.destructive) destructive.push(`${route.method} ${route.url}`);
    });
    try {
      const roPort = await listen(readOnly);
      const ro = await session(roPort, testToken);
      expect((await ro.get('/api/session')).json()).toMatchObject({ readOnly: true });
      const calls: [string, string, unknown][] = [
        ['DELETE', deletePath, { force: true }],
        ['POST', '/api/images/remove', { ids: [target], force: true }],
        [
          'POST',
          '/api/images/untag',
          { imageId: fx.replacement.id, tag: 'footprint-fixture/moving:1' },
        ],
        ['POST', '/api/prune/preview', { kinds: ['dangling-images'] }],
        ['POST', '/api/prune', { previewId: 'any' }],
        // A pull changes the engine: refused before the registry is asked.
        ['POST', '/api/pull', { reference: 'footprint-fixture/busybox:1' }],
      ];
      for (const [method, path, body] of calls) {
        const response = await ro.send(method, path, body);
        expect(response.status, `${method} ${path}`).toBe(403);
        expect(response.json()).toMatchObject({ code: 'READ_ONLY' });
      }
      await targetStillThere();
      expect(await engine.docker(['image', 'inspect', 'footprint-fixture/moving:1'])).toBeTruthy();
    } finally {
      await readOnly.close();
    }
  });
});
