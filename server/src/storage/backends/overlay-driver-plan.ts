import type { DataRootPartKind } from '@footprint/shared';
import { isScanEntry, type ListedEntry, type PlanSteps } from './storage-backend.js';

/*
 * Scan steps both overlay-driver backends take: moby's overlay2 and containers/storage's overlay
 * driver lay out their layer root the same way (a directory per layer with diff/ and work/, the
 * short links in l/) and keep a directory per container; only the names differ.
 */

/**
 * A layer root (overlay2/, overlay/): its own entry, l/ and loose files as metadata, then a
 * layer directory each. `partPath` is the root's part path.
 */
export async function planLayerRoot(
  top: ListedEntry,
  steps: PlanSteps,
  partPath: string,
): Promise<void> {
  steps.add(top, 'overlay2-metadata', partPath, { request: { selfOnly: true }, self: true });
  for (const child of await steps.list(top, true)) {
    if (isScanEntry(child)) {
      steps.add(child, child.kind, child.partPath);
      continue;
    }
    if (!child.isDirectory || child.name.toString('latin1') === 'l') {
      // l/ holds a symlink per layer: counted as du counts it, never followed.
      steps.add(child, 'overlay2-metadata', partPath);
      continue;
    }
    steps.addLayerDir(child, { shallow: ['work'] });
  }
}

/** A directory's own entry, then each child an entry of its own (a container's directory). */
export async function planPerChild(
  top: ListedEntry,
  steps: PlanSteps,
  kind: DataRootPartKind,
  partPath: string,
): Promise<void> {
  steps.add(top, kind, partPath, { request: { selfOnly: true }, self: true });
  for (const child of await steps.list(top)) {
    steps.add(child, kind, partPath, { request: { perChild: true } });
  }
}
