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
    // With a trailing slash, as a person may write WEB_ROOT.
    await registerWebUi(app, `${webRoot}/`);
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

  it('answers 404 for a file that is not there, never a cached answer', async () => {
    const response = await app.inject({ url: '/assets/index-missing.js' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['cache-control']).toBeUndefined();
  });
});

describe('which requests no route answered get the page document', () => {
  it('is every GET of a page, and never the API or a missing asset', () => {
    for (const path of ['/', '/images', '/images/sha256:abc/explorer', '/engines/podman/images']) {
      expect(isPageRequest('GET', path), path).toBe(true);
    }
    for (const path of ['/api/nope', '/api/engines/x/nope', '/assets/index-old.js']) {
      expect(isPageRequest('GET', path), path).toBe(false);
    }
    expect(isPageRequest('POST', '/images')).toBe(false);
  });
});
