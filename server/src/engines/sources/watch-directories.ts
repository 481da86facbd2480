import { type FSWatcher, watch } from 'node:fs';
import { dirname } from 'node:path';

export interface DirectoryWatcher {
  close(): void;
}

export interface WatchOptions {
  /** Quiet time after the last change before onChange runs (default 150 ms). */
  debounceMs?: number;
  /** Where a rejected onChange, or an unexpected watch failure, goes (default: dropped). */
  onError?: (error: unknown) => void;
}

/**
 * Calls `onChange` (debounced) when anything in the directories `directories()` lists changes.
 * fs.watch without `recursive` (which Node 20 only emulates on Linux): the caller lists each
 * directory it cares about. A directory that does not exist yet is waited for by watching its
 * nearest existing parent. After every change the watches are set up again for what exists
 * now, then `onChange` runs, so what it reads is already being watched; a watch that fails (its
 * directory was removed) sets them up again the same way.
 */
export function watchDirectories(
  directories: () => string[],
  onChange: () => void | Promise<void>,
  options: WatchOptions = {},
): DirectoryWatcher {
  const debounceMs = options.debounceMs ?? 150;
  const onError = options.onError ?? (() => undefined);
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const schedule = () => {
    if (closed) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (closed) return;
      arm();
      Promise.resolve()
        .then(onChange)
        .catch((error: unknown) => onError(error));
    }, debounceMs);
  };

  const tryWatch = (path: string): boolean => {
    try {
      const watcher = watch(path, { persistent: false }, schedule);
      watcher.on('error', schedule);
      watchers.push(watcher);
      return true;
    } catch {
      return false;
    }
  };

  const arm = () => {
    for (const watcher of watchers) watcher.close();
    watchers = [];
    const watched = new Set<string>();
    let wanted: string[];
    try {
      wanted = directories();
    } catch (error) {
      onError(error);
      return;
    }
    for (const directory of wanted) {
      let path = directory;
      while (!watched.has(path) && !tryWatch(path)) {
        const parent = dirname(path);
        if (parent === path) break;
        path = parent;
      }
      watched.add(path);
    }
  };

  arm();
  return {
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      watchers = [];
    },
  };
}
