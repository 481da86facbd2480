import type { FileKind, TreeEntry, WastedCopy } from '@footprint/shared';

/** What a kind of entry is called on the page; files say nothing. */
export const kindLabels: Record<FileKind, string> = {
  file: 'file',
  dir: 'directory',
  symlink: 'symlink',
  hardlink: 'hard link',
  'char-device': 'character device',
  'block-device': 'block device',
  fifo: 'named pipe (FIFO)',
};

export const changeLabels: Record<TreeEntry['change'], string> = {
  added: 'added',
  modified: 'modified',
  deleted: 'deleted',
  unchanged: 'unchanged',
};

/** Why a deleted entry is gone, in words. */
export function deletionLabel(entry: Pick<TreeEntry, 'change' | 'deletedBy'>): string | null {
  if (entry.change !== 'deleted') return null;
  if (entry.deletedBy === 'whiteout') return 'deleted by a whiteout (.wh. file)';
  if (entry.deletedBy === 'opaque') return 'hidden by an opaque directory';
  return 'deleted';
}

const typeLetters: Partial<Record<FileKind, string>> = {
  dir: 'd',
  symlink: 'l',
  'char-device': 'c',
  'block-device': 'b',
  fifo: 'p',
};

/** `ls -l` style: 0o4755 file → "-rwsr-xr-x", 0o1777 directory → "drwxrwxrwt". */
export function modeString(kind: FileKind, mode: number): string {
  const bits = ['r', 'w', 'x', 'r', 'w', 'x', 'r', 'w', 'x'].map((letter, i) =>
    mode & (1 << (8 - i)) ? letter : '-',
  );
  const special = (index: number, bit: number, set: string) => {
    const on = (mode & bit) !== 0;
    if (!on) return;
    bits[index] = bits[index] === 'x' ? set : set.toUpperCase();
  };
  special(2, 0o4000, 's');
  special(5, 0o2000, 's');
  special(8, 0o1000, 't');
  return (typeLetters[kind] ?? '-') + bits.join('');
}

export const fateLabels: Record<WastedCopy['fate'], string> = {
  kept: 'kept (what a container sees)',
  overwritten: 'overwritten',
  deleted: 'deleted',
  hidden: 'hidden by an opaque directory',
};

/** dive prints its efficiency as a percentage with 4 decimals, e.g. "97.1234 %". */
export function diveEfficiency(efficiency: number): string {
  return `${(efficiency * 100).toFixed(4)} %`;
}

/** A ratio as a percentage, 1 decimal: 0.0345 → "3.5 %". */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

/** The `layer` URL parameter: a layer index, or "merged" (through the top layer). */
export function parseLayerParam(value: string, layerCount: number): number | 'merged' {
  if (value === 'merged' || value === '') return 'merged';
  if (!/^\d+$/.test(value)) return 'merged';
  const index = Number(value);
  return index < layerCount || layerCount === 0 ? index : 'merged';
}

/** How many files, with the noun: 1 file, 1,000 files. */
export function fileCountLabel(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'file' : 'files'}`;
}
