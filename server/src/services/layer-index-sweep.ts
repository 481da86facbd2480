import { rm } from 'node:fs/promises';
import { chainIds } from '../domain/layers.js';
import type { Engine } from '../engine/engine.js';
import { listIndexFiles } from '../storage/layer-index-files.js';

/*
 * Index files of layers no image has any more: removed once their images are, so that the state
 * dir holds what the host holds. A chain's file is kept while any image's chain includes it.
 */

export async function sweepIndexFiles(engine: Engine, stateDir: string): Promise<number> {
  const files = await listIndexFiles(stateDir);
  if (files.length === 0) return 0;
  const live = new Set<string>();
  for (const image of await engine.listImages()) {
    const diffIds = await engine.diffIdsOf(image.id);
    for (const chainId of chainIds(diffIds ?? [])) live.add(chainId.slice(7));
  }
  let removed = 0;
  for (const file of files) {
    if (live.has(file.hex)) continue;
    await rm(file.path, { force: true });
    removed++;
  }
  return removed;
}

/**
 * Sweeps a while after start and after images change (`inventory-changed`), at most one at a
 * time; `stop` cancels what is pending.
 */
export function scheduleSweeps(
  engine: Engine,
  stateDir: string,
  subscribe: (onImagesChanged: () => void) => () => void,
  warn: (message: string) => void,
  delayMs = 60_000,
): () => void {
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  const later = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (running) return later();
      running = true;
      sweepIndexFiles(engine, stateDir)
        .catch((error: Error) => warn(`Could not sweep old layer indexes: ${error.message}`))
        .finally(() => (running = false));
    }, delayMs);
    timer.unref();
  };
  later();
  const unsubscribe = subscribe(later);
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
