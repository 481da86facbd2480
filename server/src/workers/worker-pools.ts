import { BulkReader } from '../storage/bulk-read/bulk-read.js';
import { LayerIndexPool } from '../storage/layer-index-pool.js';
import { ScanPool } from '../storage/scan/scan-pool.js';
import { ThreadSet } from './thread-set.js';

/*
 * Every worker thread of one app, owned by it and shared by its engine connections: the scan
 * workers (walks of data roots), the bulk reader (layer records, lstats of the scan plan), the
 * layer-index workers (the explorer's indexes, capped for the whole app rather than per engine)
 * and the duplicate files' one-step threads. A connection that closes ends only its own jobs
 * (its scan's AbortSignal); the app ends the threads once, after every connection closed.
 * server.ts makes them before the server loads, to start the first scan's threads early, and
 * hands them to buildApp (AppOptions.pools); otherwise the app makes its own.
 */
export class WorkerPools {
  readonly scan = new ScanPool();
  readonly bulkRead = new BulkReader();
  readonly layerIndex = new LayerIndexPool();
  readonly duplicates = new ThreadSet();
  #closing: Promise<void> | null = null;

  /** Starts the threads a first scan needs; they end by themselves if none comes. */
  prestart(): void {
    this.scan.prestart();
    this.bulkRead.prestart();
  }

  /** Worker threads alive now, in every pool. */
  running(): number {
    return (
      this.scan.running() +
      (this.bulkRead.running() ? 1 : 0) +
      this.layerIndex.running() +
      this.duplicates.running()
    );
  }

  /** Ends every thread (the app is closing); a second call waits for the first. */
  close(): Promise<void> {
    this.#closing ??= Promise.all([
      this.scan.close(),
      this.bulkRead.close(),
      this.layerIndex.close(),
      this.duplicates.close(),
    ]).then(() => {});
    return this.#closing;
  }
}
