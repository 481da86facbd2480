/** One entry of a layer's tar, as the engine recorded it (tar-split), before overlay rules apply. */

export type FileKind =
  'file' | 'dir' | 'symlink' | 'hardlink' | 'char-device' | 'block-device' | 'fifo';

export interface LayerEntry {
  /**
   * Path key inside the layer: segments joined by '/', no leading or trailing slash. A segment
   * that is not valid UTF-8 is written as NUL + base64 of its bytes (see tree-names.ts).
   */
  path: string;
  kind: FileKind;
  /** The tar header's size: the file's bytes; 0 for directories, links and devices. */
  bytes: number;
  /** Permission and special bits (0o7777). */
  mode: number;
  uid: number;
  gid: number;
  /** Symlink target, or the path a hard link points to; null otherwise. */
  linkTarget: string | null;
}
