import type { DuplicateFile, Duplicates } from '@footprint/shared';
import pMap from 'p-map';
import { findDuplicatedDiffs } from '../domain/duplicated-diffs.js';
import { kindCode, type PackedLayer } from '../domain/packed-layer.js';
import { displayPathOf } from '../domain/tree-names.js';
import type { LayerIndex, ResolvedImage } from './layer-index.js';

/*
 * The same bytes stored more than once across all images: identical files (same size, then
 * same sha256; only files whose size another copy shares are hashed, and only on request), and
 * one diff stored under several chains (issue 3's findDuplicatedDiffs groups them). Hashing can
 * read gigabytes: it streams (other requests go on meanwhile), a few files at a time, reports
 * progress as `explorer-progress` events, and a second request for the same minimum joins the
 * one running.
 */

interface Candidate {
  chainId: string;
  cacheId: string;
  image: ResolvedImage;
  path: string[];
  bytes: number;
}

const hashConcurrency = 4;

export class DuplicateFinder {
  /** sha256 per "<cache-id>/<path>": layers never change, so a hash never goes stale. */
  readonly #hashes = new Map<string, string | null>();
  readonly #running = new Map<number, Promise<Duplicates>>();

  constructor(readonly index: LayerIndex) {}

  find(minBytes: number): Promise<Duplicates> {
    let running = this.#running.get(minBytes);
    if (running === undefined) {
      running = this.#find(minBytes).finally(() => this.#running.delete(minBytes));
      this.#running.set(minBytes, running);
    }
    return running;
  }

  async #find(minBytes: number): Promise<Duplicates> {
    const { images } = await this.index.engine.diskUsage();
    const resolved: ResolvedImage[] = [];
    for (const summary of images) {
      try {
        resolved.push(await this.index.resolve(summary.id));
      } catch (error) {
        // An image removed while we look is simply left out.
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      }
    }

    // Each chain once: a layer two images share is stored once.
    const chains = new Map<string, { image: ResolvedImage; position: number; holders: string[] }>();
    for (const image of resolved) {
      image.chainIds.forEach((chainId, position) => {
        const seen = chains.get(chainId);
        if (seen === undefined) chains.set(chainId, { image, position, holders: [image.id] });
        else seen.holders.push(image.id);
      });
    }

    const bySize = new Map<number, Candidate[]>();
    for (const [chainId, { image, position }] of chains) {
      const metadata = await image.store.readLayer(chainId);
      if (metadata === null) continue;
      const packed = await this.index.layer(image, position);
      await eachFile(packed, minBytes, (path, bytes) => {
        const list = bySize.get(bytes) ?? [];
        list.push({ chainId, cacheId: metadata.cacheId, image, path, bytes });
        bySize.set(bytes, list);
      });
    }

    const toHash = [...bySize.values()].filter((list) => list.length > 1).flat();
    const progress = this.#progress(minBytes, toHash);
    const groups = new Map<string, Candidate[]>();
    try {
      await pMap(
        toHash,
        async (candidate) => {
          const key = `${candidate.cacheId}/${candidate.path.join('/')}`;
          let hash = this.#hashes.get(key);
          if (hash === undefined) {
            hash = await candidate.image.contents.hashFile(
              candidate.cacheId,
              candidate.path,
              progress.bytes,
            );
            this.#hashes.set(key, hash);
          } else progress.bytes(candidate.bytes);
          progress.file();
          if (hash === null) return;
          const group = groups.get(`${candidate.bytes}:${hash}`) ?? [];
          group.push(candidate);
          groups.set(`${candidate.bytes}:${hash}`, group);
        },
        { concurrency: hashConcurrency },
      );
      progress.end('done', null);
    } catch (error) {
      progress.end('failed', (error as Error).message);
      throw error;
    }

    // Hashing finishes in any order: copies are listed in the order they were found.
    const found = new Map(toHash.map((candidate, order) => [candidate, order]));
    const files: DuplicateFile[] = [...groups]
      .filter(([, copies]) => copies.length > 1)
      .map(([key, copies]) => {
        const bytes = (copies[0] as Candidate).bytes;
        copies.sort((a, b) => (found.get(a) as number) - (found.get(b) as number));
        return {
          sha256: key.slice(key.indexOf(':') + 1),
          apparentBytes: bytes,
          copies: copies.map((copy) => ({
            chainId: copy.chainId,
            path: `/${copy.path.join('/')}`,
            displayPath: displayPathOf(copy.path),
            images: chains.get(copy.chainId)?.holders ?? [],
          })),
          savableBytes: bytes * (copies.length - 1),
        };
      })
      .sort((a, b) => b.savableBytes - a.savableBytes || a.sha256.localeCompare(b.sha256));

    const duplicated = findDuplicatedDiffs(
      resolved.map((image) => ({ id: image.id, diffIds: image.diffIds })),
      () => ({ cacheId: null, diskBytes: null }),
    );
    const diffs = await Promise.all(
      duplicated.map(async (diff) => {
        const first = resolved.find((image) =>
          image.chainIds.includes(diff.copies[0]?.chainId ?? ''),
        );
        const size = first
          ? ((await first.store.readLayer(diff.copies[0]?.chainId ?? ''))?.size ?? 0)
          : 0;
        return {
          diffId: diff.diffId,
          chainIds: diff.copies.map((copy) => copy.chainId),
          images: diff.images,
          apparentBytes: size,
          savableBytes: size * (diff.copies.length - 1),
        };
      }),
    );
    diffs.sort((a, b) => b.savableBytes - a.savableBytes || a.diffId.localeCompare(b.diffId));

    return {
      files,
      filesSavableBytes: files.reduce((sum, file) => sum + file.savableBytes, 0),
      hashedFiles: toHash.length,
      diffs,
      diffsSavableBytes: diffs.reduce((sum, diff) => sum + diff.savableBytes, 0),
    };
  }

  /** Progress events: a few per second once hashing has run for a moment, then done. */
  #progress(minBytes: number, toHash: readonly Candidate[]) {
    const publish = this.index.options.publish;
    const delay = this.index.options.progressDelayMs ?? 300;
    const started = Date.now();
    const bytesTotal = toHash.reduce((sum, candidate) => sum + candidate.bytes, 0);
    let files = 0;
    let bytes = 0;
    let lastSent = 0;
    let sent = false;
    const send = (phase: 'running' | 'done' | 'failed', message: string | null) => {
      sent = true;
      lastSent = Date.now();
      publish?.({
        type: 'explorer-progress',
        task: 'duplicates',
        taskId: `duplicates:${minBytes}`,
        imageId: null,
        layer: null,
        phase,
        itemsDone: files,
        itemsTotal: toHash.length,
        bytesDone: Math.min(bytes, bytesTotal),
        bytesTotal,
        message,
      });
    };
    const tick = () => {
      const now = Date.now();
      if (now - started >= delay && now - lastSent >= 250) send('running', null);
    };
    return {
      bytes: (count: number) => {
        bytes += count;
        tick();
      },
      file: () => {
        files++;
        tick();
      },
      end: (phase: 'done' | 'failed', message: string | null) => {
        if (sent || delay === 0) send(phase, message);
      },
    };
  }
}

/** Every regular file of a layer at least `minBytes` long, giving the event loop turns. */
async function eachFile(
  packed: PackedLayer,
  minBytes: number,
  onFile: (path: string[], bytes: number) => void,
): Promise<void> {
  const stack: { node: number; path: string[] }[] = [{ node: 0, path: [] }];
  let visited = 0;
  while (stack.length > 0) {
    const { node: dir, path } = stack.pop() as { node: number; path: string[] };
    const first = packed.firstChild(dir);
    for (let node = first; node < first + packed.childCount(dir); node++) {
      if (packed.isDeleted(node)) continue;
      if (packed.isDir(node)) stack.push({ node, path: [...path, packed.name(node)] });
      else if (packed.columns.kind[node] === kindCode.file) {
        const bytes = packed.f64('bytes', node);
        if (bytes >= minBytes) onFile([...path, packed.name(node)], bytes);
      }
    }
    visited += packed.childCount(dir);
    if (visited > 65_536) {
      visited = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
