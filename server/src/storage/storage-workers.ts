import type { BulkReader } from './bulk-read/bulk-read.js';
import type { ScanPool } from './scan/scan-pool.js';

/**
 * The worker threads a reader of the data root uses: the app's (workers/worker-pools.ts), lent
 * to each engine's storage, never made or ended here.
 */
export interface StorageWorkers {
  readonly scan: ScanPool;
  readonly bulkRead: BulkReader;
}
