import type {
  IdleEvidence,
  ImageList,
  ImageListQuery,
  ImageSummary,
  UnusedAnswer,
} from '@footprint/shared';
import { daysBetween, idleVerdict, isIdleFor } from '../domain/last-use.js';
import type { ImageTagTimes } from './image-tag-times.js';
import type { Inventory } from './inventory.js';
import type { LastUse } from './last-use.js';

/**
 * The image list with each image's last use, optionally only those unused for N days. An answer
 * is kept while the inventory and the last-use record are the same, so that under load the same
 * object (and its serialized body, see routes/images) is handed out again.
 */
/**
 * How long an "unused for N days" answer is handed out again: the days move with the clock, but
 * a minute is nothing against a day, and at 2,000 images building and serializing the answer
 * again (1 MB of evidence) took 120 ms per request.
 */
const unusedKeepMs = 60_000;

interface KeptUnused {
  summaries: ImageSummary[];
  lastUseVersion: number;
  at: number;
  answer: ImageList;
}

export class ImageListService {
  #kept: { summaries: ImageSummary[]; lastUseVersion: number; answer: ImageList } | null = null;
  readonly #keptUnused = new Map<string, KeptUnused>();

  constructor(
    readonly inventory: Inventory,
    readonly lastUse: LastUse,
    readonly tagTimes: ImageTagTimes,
  ) {}

  async list(query: ImageListQuery): Promise<ImageList> {
    // Before the engine answered once in this run, the plain list is the one kept from before
    // (labelled so); an idle filter asks the engine (it inspects the images it lists).
    const keptEngine = this.inventory.options.kept;
    const { value: summaries, keptAt } =
      keptEngine === undefined
        ? { value: await this.inventory.listImages(), keptAt: null }
        : await keptEngine.answer(
            'images',
            () => this.inventory.listImages(),
            query.unusedForDays === undefined,
          );
    if (this.#kept?.summaries !== summaries) {
      // A new image set: new images are seen from now on (last use counts from here).
      this.lastUse.observe(summaries.map((image) => image.id));
      this.tagTimes.keepOnly(new Set(summaries.map((image) => image.id)));
    }
    if (query.unusedForDays !== undefined) {
      const basis = query.unusedBasis ?? 'recorded';
      const key = `${query.unusedForDays}:${basis}`;
      const kept = this.#keptUnused.get(key);
      const now = Date.now();
      if (
        kept?.summaries === summaries &&
        kept.lastUseVersion === this.lastUse.version &&
        now - kept.at < unusedKeepMs
      ) {
        return kept.answer;
      }
      const lastUseVersion = this.lastUse.version;
      const answer = await this.#unused(summaries, query.unusedForDays, basis);
      // Only the latest image set's answers: a few keys (the days people pick), never a pile.
      for (const [other, each] of this.#keptUnused) {
        if (each.summaries !== summaries) this.#keptUnused.delete(other);
      }
      this.#keptUnused.set(key, { summaries, lastUseVersion, at: now, answer });
      if (this.#keptUnused.size > 16) {
        const oldest = this.#keptUnused.keys().next().value;
        if (oldest !== undefined) this.#keptUnused.delete(oldest);
      }
      return answer;
    }
    const kept = this.#kept;
    if (kept?.summaries === summaries && kept.lastUseVersion === this.lastUse.version) {
      return kept.answer;
    }
    const answer: ImageList = {
      images: summaries.map((image) => this.#withLastUse(image)),
      lastUseKnownSince: this.lastUse.knownSince,
      ...(keptAt !== null ? { kept: { askedAt: keptAt } } : {}),
    };
    this.#kept = { summaries, lastUseVersion: this.lastUse.version, answer };
    return answer;
  }

  #withLastUse(image: ImageSummary): ImageSummary {
    return { ...image, lastUsed: this.lastUse.lastUsed(image.id) };
  }

  /**
   * The images unused for `days`, each with what that rests on. The record decides alone under
   * "recorded" (the prune kind's rule); "recorded-or-age" adds the images the record has not
   * watched for `days` yet but never saw used, when they were made and tagged that long ago.
   */
  async #unused(
    summaries: ImageSummary[],
    days: number,
    basis: UnusedAnswer['basis'],
  ): Promise<ImageList> {
    const now = new Date();
    const cutoff = now.getTime() - days * 86_400_000;
    const facts = (image: ImageSummary, lastTagTime: string | null) => ({
      containers: image.containers,
      firstSeen: this.lastUse.firstSeen(image.id),
      lastUsed: this.lastUse.lastUsed(image.id),
      created: image.created,
      lastTagTime,
    });
    // LastTagTime costs an inspect: asked only of images it can decide or that are listed,
    // those no container uses that were created before the cutoff or idle on the record.
    const candidates = summaries.filter(
      (image) =>
        image.containers === 0 &&
        (isIdleFor(this.lastUse.idleSince(image.id), 0, days, now) ||
          (basis === 'recorded-or-age' &&
            this.lastUse.lastUsed(image.id) === null &&
            Date.parse(image.created) <= cutoff)),
    );
    const tagTimes = await this.tagTimes.of(candidates);
    const images: ImageSummary[] = [];
    const evidence: IdleEvidence[] = [];
    for (const image of candidates) {
      const lastTagTime = tagTimes.get(image.id) ?? null;
      const known = facts(image, lastTagTime);
      const verdict = idleVerdict(known, days, now, basis === 'recorded-or-age');
      if (verdict === null) continue;
      images.push(this.#withLastUse(image));
      evidence.push({ id: image.id, ...verdict, ...known });
    }
    return {
      images,
      lastUseKnownSince: this.lastUse.knownSince,
      unused: {
        days,
        basis,
        asOf: now.toISOString(),
        recordedDays: daysBetween(this.lastUse.knownSince, now),
        evidence,
      },
    };
  }
}
