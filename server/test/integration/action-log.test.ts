import { Writable } from 'node:stream';
import type { PrunePreview } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadImages, repo } from '../helpers/fixtures.js';
import { appOnPrivateEngine, privateEngine, testToken } from './context.js';
import { listen, session } from './raw-http.js';

/*
 * Every destructive action leaves one line in the server log at the default level: what, by
 * whom, what happened to each item and the bytes that came back. On the shared engine, with
 * objects this file makes and removes itself.
 */

interface LogLine {
  level: number;
  msg: string;
  action?: string;
  by?: string;
  [field: string]: unknown;
}

const engine = privateEngine();
const lines: LogLine[] = [];
const stream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      lines.push(JSON.parse(line) as LogLine);
    }
    done();
  },
});
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let browser: Awaited<ReturnType<typeof session>>;

beforeAll(async () => {
  app = await appOnPrivateEngine(engine, { logger: { level: 'info', stream } });
  browser = await session(await listen(app), testToken);
});
afterAll(() => app.close());

const logged = (action: string) => lines.filter((line) => line.action === action);
const info = 30;

describe('the log of destructive actions', () => {
  it('says what an untag and a removal did, and a refusal with its code', async () => {
    const [image] = await loadImages(engine, [
      {
        tags: [`${repo}/audit:1`, `${repo}/audit:2`],
        layers: [{ entries: [{ type: 'file', path: 'audit', content: 'a'.repeat(3000) }] }],
      },
    ]);
    const id = image?.id ?? '';
    const untag = await browser.send('POST', '/api/images/untag', {
      imageId: id,
      tag: `${repo}/audit:2`,
    });
    expect(untag.status, untag.body).toBe(200);
    expect(logged('untag')).toEqual([
      expect.objectContaining({
        level: info,
        msg: 'untag: done',
        by: 'session',
        imageId: id,
        tag: `${repo}/audit:2`,
        outcome: 'untagged',
      }),
    ]);

    // A container holds it: refused, and the refusal is logged with its code.
    const holder = (await engine.docker(['create', '--network', 'none', id, 'x'])).trim();
    const refused = await browser.send('POST', '/api/images/remove', { ids: [id] });
    expect(refused.status, refused.body).toBe(200);
    await engine.docker(['rm', holder]);
    const removed = await browser.send('POST', '/api/images/remove', { ids: [id] });
    expect(removed.status, removed.body).toBe(200);
    const [first, second] = logged('remove-images');
    expect(first).toMatchObject({
      msg: 'remove-images: done',
      ids: [id],
      results: [{ id, outcome: 'conflict', code: 'IMAGE_USED_BY_STOPPED_CONTAINER' }],
    });
    expect(second).toMatchObject({
      msg: 'remove-images: done',
      level: info,
      results: [{ id, outcome: 'removed', code: null }],
    });
    expect(typeof second?.diskReclaimedBytes).toBe('number');
  });

  it('says what a prune removed and the bytes, engine and on disk', async () => {
    await engine.docker(['volume', 'create', '--label', 'fp-audit=1', 'fp-audit-volume']);
    const preview = await browser.send('POST', '/api/prune/preview', {
      kinds: ['named-volumes'],
      filters: { label: ['fp-audit=1'] },
    });
    expect(preview.status, preview.body).toBe(200);
    const { previewId } = preview.json<PrunePreview>();
    const prune = await browser.send('POST', '/api/prune', { previewId });
    expect(prune.status, prune.body).toBe(200);
    expect(logged('prune')).toEqual([
      expect.objectContaining({
        level: info,
        msg: 'prune: done',
        by: 'session',
        previewId,
        complete: true,
        outcomes: { removed: 1 },
        items: [{ kind: 'volume', id: 'fp-audit-volume', outcome: 'removed' }],
      }),
    ]);
    expect(typeof logged('prune')[0]?.diskReclaimedBytes).toBe('number');
    // Used once: confirming again is refused, and logged as not done.
    expect((await browser.send('POST', '/api/prune', { previewId })).status).toBe(404);
    expect(logged('prune')[1]).toMatchObject({
      msg: 'prune: not done',
      refused: { statusCode: 404, code: 'PREVIEW_NOT_FOUND' },
    });
  });
});
