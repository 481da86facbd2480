import {
  type KeptMeasurement,
  type MeasuredFigures,
  readKeptMeasurement,
  writeKeptMeasurement,
} from '../storage/kept-measurement.js';

/** How often the kept measurement is written at most while scans follow each other. */
const writeIntervalMs = 30_000;

interface Pending {
  device: string;
  figures: MeasuredFigures;
  cacheIdByChain: ReadonlyMap<string, string>;
}

/**
 * The measurement kept across restarts (storage/kept-measurement.ts) for DiskTruth: read once
 * per data root at start-up, written after the first scan and then at most every 30 s (a
 * container event makes a scan; writing a megabyte of JSON after each would cost its refresh
 * a good part of its time) and on close. A write that fails leaves the file as it was: the
 * next start answers with an older kept measurement, labelled with its time, or none.
 */
export class KeptDisk {
  #read: { dataRoot: string; promise: Promise<KeptMeasurement | null> } | null = null;
  #pending: Pending | null = null;
  #timer: NodeJS.Timeout | null = null;
  #lastWrite = 0;
  #writing: Promise<void> = Promise.resolve();

  /** stateDir null: nothing is kept. */
  constructor(readonly stateDir: string | null) {}

  /** The kept measurement of this data root, read once; null when there is none. */
  read(dataRoot: string): Promise<KeptMeasurement | null> {
    if (this.stateDir === null) return Promise.resolve(null);
    if (this.#read?.dataRoot !== dataRoot) {
      this.#read = { dataRoot, promise: readKeptMeasurement(this.stateDir, dataRoot) };
    }
    return this.#read.promise;
  }

  /** Keeps this measurement: written now when the last write is 30 s old, else then. */
  keep(device: string, figures: MeasuredFigures, cacheIdByChain: ReadonlyMap<string, string>) {
    if (this.stateDir === null) return;
    this.#pending = { device, figures, cacheIdByChain };
    if (this.#timer !== null) return;
    const wait = Math.max(0, this.#lastWrite + writeIntervalMs - Date.now());
    // Even the first waits for the next turn: the scan's answer goes out first.
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#write();
    }, wait);
    this.#timer.unref();
  }

  /** Resolves once the writes started so far are done (or failed). */
  saved(): Promise<void> {
    return this.#writing;
  }

  /** Writes what is waiting now, and resolves once it is written. */
  async flush(): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
      this.#write();
    }
    await this.#writing;
  }

  #write(): void {
    const pending = this.#pending;
    const stateDir = this.stateDir;
    if (pending === null || stateDir === null) return;
    this.#pending = null;
    this.#lastWrite = Date.now();
    this.#writing = this.#writing
      .then(() =>
        writeKeptMeasurement(stateDir, pending.device, pending.figures, pending.cacheIdByChain),
      )
      .catch(() => {});
  }
}
