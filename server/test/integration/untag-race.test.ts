import type { ImageRemoval } from '@footprint/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltImage, type ImageSpec, imageArchive } from '../helpers/image-archive.js';
import { EngineSocket, type EventLog, type RecordedEvent } from '../helpers/engine-socket.js';
import { PrivateEngine } from '../helpers/private-engine.js';
import { appOnPrivateEngine, testToken } from './context.js';
import { listen, session } from './raw-http.js';

/*
 * The untag race of issue #15: the app checks that a tag points at the listed image A and then
 * asks the engine to delete the tag by name, while a loop behind its back moves that tag between
 * A and B as fast as the engine answers. Each try is judged by the engine's own event stream
 * (which image lost a tag or was deleted, between two marker events) and by whether A and B
 * still exist: an answer that claims success must be true, and whenever the engine acted on B
 * the answer is a 409 that says so. On an engine of this file's own, so the shared fixtures
 * stay whole.
 */

const tries = 300;
const raceTag = 'race/subject:tag';
const markerTag = 'race/marker:m';

const spec = (name: string, tags: string[]): ImageSpec => ({
  tags,
  layers: [{ entries: [{ type: 'file', path: 'which', content: `${name}\n` }] }],
});

let engine: PrivateEngine;
let api: EngineSocket;
let log: EventLog;
let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
let browser: Awaited<ReturnType<typeof session>>;
let a: BuiltImage;
let b: BuiltImage;
let marker: BuiltImage;
const archives = new Map<string, Buffer>();

const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

beforeAll(async () => {
  engine = await PrivateEngine.start();
  api = new EngineSocket(engine.socketPath);
  for (const [name, tags] of [
    ['a', ['race/a:keep']],
    ['b', ['race/b:keep']],
    ['marker', [markerTag]],
  ] as const) {
    const { archive, images } = await imageArchive([spec(name, [...tags])]);
    const image = images[0] as BuiltImage;
    archives.set(image.id, archive);
    await api.load(archive);
    if (name === 'a') a = image;
    else if (name === 'b') b = image;
    else marker = image;
  }
  log = await api.follow();
  app = await appOnPrivateEngine(engine, { watchEngine: false });
  browser = await session(await listen(app), testToken);
}, 180_000);

afterAll(async () => {
  log?.close();
  api?.close();
  await app?.close();
  await engine?.destroy();
});

/** Moves raceTag between B and A, one request after the other, until paused. */
class RetagLoop {
  moves = 0;
  #paused = true;
  #stopped = false;
  #wake: (() => void) | null = null;
  #idle: Promise<void> = Promise.resolve();
  #markIdle: () => void = () => {};
  readonly #done: Promise<void>;

  constructor() {
    this.#done = this.#run();
  }

  async #run(): Promise<void> {
    let toB = true;
    while (!this.#stopped) {
      if (this.#paused) {
        this.#markIdle();
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        continue;
      }
      // B is missing after the engine deleted it: the tag call fails and the tag stays put.
      await api.tag((toB ? b : a).id, raceTag).catch(() => 0);
      this.moves++;
      toB = !toB;
    }
    this.#markIdle();
  }

  resume(): void {
    this.#idle = new Promise((resolve) => {
      this.#markIdle = resolve;
    });
    this.#paused = false;
    this.#wake?.();
  }

  /** Resolves once the loop's request in flight has its answer. */
  async pause(): Promise<void> {
    this.#paused = true;
    await this.#idle;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#paused = false;
    this.#wake?.();
    await this.#done;
  }
}

let markers = 0;

/** Tags the marker image once more; resolves with the index of that event in the log. */
async function mark(): Promise<number> {
  markers++;
  expect(await api.tag(marker.id, markerTag)).toBe(201);
  const isMarker = (e: RecordedEvent) => e.action === 'tag' && e.id === marker.id;
  await log.until((events) => events.filter(isMarker).length >= markers);
  let seen = 0;
  return log.events.findIndex((e) => isMarker(e) && ++seen === markers);
}

/**
 * Every try starts with raceTag on A; A and B each with or without a tag of their own, so that
 * untagging raceTag is, or is not, the last tag of the image the engine acts on.
 */
async function prepare(aKeeps: boolean, bKeeps: boolean): Promise<void> {
  for (const image of [a, b]) {
    if ((await api.tagsOf(image.id)) === null) await api.load(archives.get(image.id) as Buffer);
  }
  expect(await api.tag(b.id, raceTag)).toBe(201);
  const bTags = (await api.tagsOf(b.id)) ?? [];
  if (bKeeps) expect(await api.tag(b.id, 'race/b:keep')).toBe(201);
  else if (bTags.includes('race/b:keep')) await api.remove('race/b:keep');
  expect(await api.tag(a.id, raceTag)).toBe(201);
  const aTags = (await api.tagsOf(a.id)) ?? [];
  if (aKeeps) expect(await api.tag(a.id, 'race/a:keep')).toBe(201);
  else if (aTags.includes('race/a:keep')) await api.remove('race/a:keep');
  expect((await api.tagsOf(a.id))?.sort()).toEqual(aKeeps ? ['race/a:keep', raceTag] : [raceTag]);
}

interface Try {
  status: number;
  code: string | null;
  outcome: string | null;
  message: string;
  engineUntaggedA: boolean;
  engineUntaggedB: boolean;
  aDeleted: boolean;
  bDeleted: boolean;
  wrong: string | null;
}

/** Codes that say the engine acted, and on what; TAG_MOVED says it was never asked. */
const actedCodes = new Set([
  'TAG_MOVED_OTHER_IMAGE_DELETED',
  'TAG_MOVED_OTHER_IMAGE_UNTAGGED',
  'TAG_MOVED_DURING_UNTAG',
  'UNTAG_UNCONFIRMED',
]);

/** What was wrong with the answer, judged by the engine's events and what exists after. */
function wrongClaim(
  answer: Omit<Try, 'wrong'>,
  body: Record<string, unknown>,
  window: RecordedEvent[],
): string | null {
  const { status, code, outcome, message } = answer;
  const actedOnA = answer.engineUntaggedA || answer.aDeleted;
  const actedOnB = answer.engineUntaggedB || answer.bDeleted;
  if ('stack' in body) return `a stack trace in the answer: ${JSON.stringify(body)}`;
  if (status === 200) {
    if (actedOnB) return `claimed ${outcome} for A while the engine acted on B`;
    if (!actedOnA) return `claimed ${outcome} but the engine did not untag A`;
    if ((outcome === 'removed') !== answer.aDeleted)
      return `claimed ${outcome}, A ${answer.aDeleted ? 'was' : 'was not'} deleted`;
    return null;
  }
  if (status !== 409 || !message || !code) return `answered ${status}: ${JSON.stringify(body)}`;
  if (code === 'TAG_MOVED') {
    return actedOnA || actedOnB
      ? `said nothing was untagged, events: ${JSON.stringify(window.filter((e) => e.action !== 'tag'))}`
      : null;
  }
  if (!actedCodes.has(code)) {
    return actedOnB ? `the engine acted on B, answered ${code}: ${message}` : null;
  }
  if (code === 'TAG_MOVED_OTHER_IMAGE_DELETED') {
    if (!answer.bDeleted) return `said B was deleted, it was not: ${message}`;
    if (!message.includes(short(b.id))) return `did not name B: ${message}`;
  }
  if (code === 'TAG_MOVED_OTHER_IMAGE_UNTAGGED') {
    if (!answer.engineUntaggedB) return `said B lost the tag, the engine says not: ${message}`;
    if (answer.bDeleted) return `B was deleted, the answer does not say so: ${message}`;
    if (!message.includes(short(b.id))) return `did not name B: ${message}`;
  }
  if (
    actedOnB &&
    !['TAG_MOVED_OTHER_IMAGE_DELETED', 'TAG_MOVED_OTHER_IMAGE_UNTAGGED'].includes(code)
  )
    return `the engine acted on B, answered ${code}: ${message}`;
  return null;
}

describe('untag while the tag moves between two images', () => {
  it(`never claims a wrong untag in ${tries} tries, and says when the engine acted on B`, async ({
    annotate,
  }) => {
    const loop = new RetagLoop();
    const results: Try[] = [];
    try {
      await mark();
      for (let round = 0; round < tries; round++) {
        await prepare(round % 2 === 0, Math.floor(round / 2) % 2 === 0);
        const start = await mark();
        loop.resume();
        const response = await browser.send('POST', '/api/images/untag', {
          imageId: a.id,
          tag: raceTag,
        });
        await loop.pause();
        const end = await mark();
        const window = log.events.slice(start + 1, end);
        const acted = (action: string, id: string) =>
          window.some((e) => e.action === action && e.id === id);
        const body = response.json<Record<string, unknown>>();
        const removal = response.status === 200 ? (body as unknown as ImageRemoval) : null;
        const answer = {
          status: response.status,
          code: typeof body.code === 'string' ? body.code : null,
          outcome: removal?.outcome ?? null,
          message: typeof body.message === 'string' ? body.message : '',
          engineUntaggedA: acted('untag', a.id),
          engineUntaggedB: acted('untag', b.id),
          aDeleted: acted('delete', a.id) || (await api.tagsOf(a.id)) === null,
          bDeleted: acted('delete', b.id) || (await api.tagsOf(b.id)) === null,
        };
        results.push({ ...answer, wrong: wrongClaim(answer, body, window) });
      }
    } finally {
      await loop.stop();
    }

    const count = (check: (t: Try) => boolean) => results.filter(check).length;
    const wrong = results.filter((t) => t.wrong !== null);
    const byAnswer = new Map<string, number>();
    for (const t of results) {
      const key = t.status === 200 ? `200 ${t.outcome}` : `${t.status} ${t.code}`;
      byAnswer.set(key, (byAnswer.get(key) ?? 0) + 1);
    }
    // The figures, in the reporter's output for this test.
    await annotate(
      `untag race: ${tries} tries, ${loop.moves} moves of the tag; ` +
        `engine acted on B in ${count((t) => t.engineUntaggedB || t.bDeleted)} ` +
        `(B deleted in ${count((t) => t.bDeleted)}); ` +
        `answers: ${JSON.stringify(Object.fromEntries(byAnswer))}; wrong claims: ${wrong.length}`,
    );
    expect(wrong.map((t) => t.wrong).slice(0, 10)).toEqual([]);
    // The race happened, both ways, and the wrong image was deleted at least once.
    expect(count((t) => t.engineUntaggedB)).toBeGreaterThan(0);
    expect(count((t) => t.bDeleted)).toBeGreaterThan(0);
    expect(count((t) => t.status === 200)).toBeGreaterThan(0);
    for (const t of results.filter((r) => r.engineUntaggedB || r.bDeleted)) {
      expect(t.status).toBe(409);
      expect(t.message).toContain(short(b.id));
    }
  }, 120_000);
});
