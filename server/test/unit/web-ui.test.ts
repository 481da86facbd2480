import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPageRequest, registerWebUi } from '../../src/routes/web-ui.js';

// A web build as Vite lays it out: the document and copied files at the root, the hashed
// bundles under assets/.
describe('the web UI’s files', () => {
  let webRoot = '';
  let app: FastifyInstance;

  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'fp-web-ui-'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>docker-footprint</title>');
    await writeFile(join(webRoot, 'theme-init.js'), '// copied as it is');
    await mkdir(join(webRoot, 'assets'));
    await writeFile(join(webRoot, 'assets', 'index-Bmg6ognC.js'), 'export {};');
    await writeFile(join(webRoot, 'assets', 'index-EJhRjzik.css'), 'body {}');
    app = Fastify();
    // With a trailing slash, as a person may write WEB_ROOT; the app's own 404 for the rest.
    await registerWebUi(app, `${webRoot}/`, (request, reply) =>
      reply.code(404).send({ code: 'ROUTE_NOT_FOUND', url: request.url }),
    );
  });
  afterAll(async () => {
    await app.close();
    await rm(webRoot, { recursive: true, force: true });
  });

  it('caches the hashed bundles under assets/ for a year, immutable', async () => {
    for (const url of ['/assets/index-Bmg6ognC.js', '/assets/index-EJhRjzik.css']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
  });

  it('has the browser ask again for the document and the files copied as they are', async () => {
    for (const url of ['/', '/index.html', '/theme-init.js']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('public, max-age=0');
    }
    const document = await app.inject({ url: '/' });
    expect(document.headers['content-type']).toMatch(/^text\/html/);
    // Unchanged: 304, so a rebuilt UI is seen at the next load and an unchanged one costs nothing.
    const again = await app.inject({
      url: '/',
      headers: { 'if-none-match': String(document.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('answers a page’s URL with the document, and a missing file or API route with the 404', async () => {
    for (const url of [
      '/images',
      '/engines/podman/images?sort=size',
      '/images/sha256:abc/explorer',
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.body, url).toContain('<title>docker-footprint</title>');
    }
    // A tab left open across a rebuild asks for the old build's chunk: a 404, not the document.
    // The API however it is spelled (the router decodes %61 to "a"), and /api itself.
    for (const url of [
      '/assets/index-old.js',
      '/api/nope',
      '/api/engines/x/nope',
      '/%61pi/nope',
      '/api',
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json(), url).toEqual({ code: 'ROUTE_NOT_FOUND', url });
      expect(response.headers['cache-control'], url).toBeUndefined();
    }
    expect((await app.inject({ method: 'POST', url: '/images' })).statusCode).toBe(404);
  });
});

describe('which requests no route answered get the page document', () => {
  it('is every GET of a page, and never the API or a missing asset', () => {
    for (const path of ['/', '/images', '/images/sha256:abc/explorer', '/engines/podman/images']) {
      expect(isPageRequest('GET', path), path).toBe(true);
    }
    for (const path of ['/api', '/api/nope', '/api/engines/x/nope', '/assets/index-old.js']) {
      expect(isPageRequest('GET', path), path).toBe(false);
    }
    expect(isPageRequest('POST', '/images')).toBe(false);
  });
});
