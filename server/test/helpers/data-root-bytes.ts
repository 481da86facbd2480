import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Bytes of layer and volume data under a data root, counted as the engine counts a layer's size
 * (moby pkg/directory.Size: every non-directory entry's st_size, hard links once per directory
 * tree): overlay2/<id>/diff for image layers, containers' writable layers and build cache
 * snapshots, and volumes/<name>/_data. Containers' "-init" layers are left out: the engine's
 * SizeRw leaves them out too (they hold empty mount points and the /etc/mtab symlink).
 */
export function layerDataBytes(dataRoot: string): number {
  let total = 0;
  const overlay = join(dataRoot, 'overlay2');
  for (const name of safeList(overlay)) {
    if (name === 'l' || name.endsWith('-init')) continue;
    total += treeBytes(join(overlay, name, 'diff'));
  }
  const volumes = join(dataRoot, 'volumes');
  for (const name of safeList(volumes)) total += treeBytes(join(volumes, name, '_data'));
  return total;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function treeBytes(root: string): number {
  const seen = new Set<number>();
  let total = 0;
  const walk = (dir: string) => {
    for (const name of safeList(dir)) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) {
        walk(path);
        continue;
      }
      if (stat.size === 0 || seen.has(stat.ino)) continue;
      seen.add(stat.ino);
      total += stat.size;
    }
  };
  walk(root);
  return total;
}
