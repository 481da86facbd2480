import type { DuplicateFile, Duplicates } from '@footprint/shared';
import { findDuplicatedDiffs } from '../domain/duplicated-diffs.js';
import { displayPathOf } from '../domain/tree-names.js';
import type { LayerIndex, ResolvedImage } from './layer-index.js';

/*
 * The same bytes stored more than once across all images: identical files (same size, then
 * same sha256; only files whose size another copy shares are hashed, and only on request), and
 * one diff stored under several chains (issue 3's findDuplicatedDiffs groups them).
 */

interface Candidate {
  chainId: string;
  cacheId: string;
  image: ResolvedImage;
  path: string[];
  bytes: number;
}

/** sha256 per "<cache-id>/<path>": layers never change, so a hash never goes stale. */
const hashes = new Map<string, string | null>();

export async function findDuplicates(index: LayerIndex, minBytes: number): Promise<Duplicates> {
  const { images } = await index.engine.diskUsage();
  const resolved: ResolvedImage[] = [];
  for (const summary of images) {
    try {
      resolved.push(await index.resolve(summary.id));
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
    const { entries } = await index.layer(image, position);
    for (const entry of entries) {
      if (entry.kind !== 'file' || entry.bytes < minBytes) continue;
      const list = bySize.get(entry.bytes) ?? [];
      list.push({
        chainId,
        cacheId: metadata.cacheId,
        image,
        path: entry.path.split('/'),
        bytes: entry.bytes,
      });
      bySize.set(entry.bytes, list);
    }
  }

  let hashedFiles = 0;
  const groups = new Map<string, Candidate[]>();
  for (const candidates of bySize.values()) {
    if (candidates.length < 2) continue;
    for (const candidate of candidates) {
      const key = `${candidate.cacheId}/${candidate.path.join('/')}`;
      let hash = hashes.get(key);
      if (hash === undefined) {
        hash = await candidate.image.contents.hashFile(candidate.cacheId, candidate.path);
        hashes.set(key, hash);
      }
      hashedFiles++;
      if (hash === null) continue;
      const group = groups.get(`${candidate.bytes}:${hash}`) ?? [];
      group.push(candidate);
      groups.set(`${candidate.bytes}:${hash}`, group);
    }
  }

  const files: DuplicateFile[] = [...groups]
    .filter(([, copies]) => copies.length > 1)
    .map(([key, copies]) => {
      const bytes = (copies[0] as Candidate).bytes;
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
    hashedFiles,
    diffs,
    diffsSavableBytes: diffs.reduce((sum, diff) => sum + diff.savableBytes, 0),
  };
}
