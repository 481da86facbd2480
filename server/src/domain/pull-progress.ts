import type { PullLayerPhase, PullLayerProgress } from '@footprint/shared';

/*
 * A pull's progress from the engine's JSON message stream (POST /images/create). Every layer's
 * total is seeded from the manifest before the first message, so the overall total is known
 * from the start and weighs layers by their bytes, not their count. The engine names a layer by
 * the first 12 hex digits of its compressed digest (moby stringid.TruncateID of the
 * descriptor's digest). Download and extraction are separate phases: on the containerd image
 * store the engine reports extraction in seconds, not bytes (its progressDetail has units "s").
 */

export interface EngineProgressMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number; units?: string } | null;
  error?: string;
  errorDetail?: { message?: string; code?: number } | null;
}

export interface SeededLayer {
  digest: string;
  compressedBytes: number;
  willDownload: boolean;
}

interface LayerState {
  digest: string;
  shortId: string;
  compressedBytes: number;
  expected: 'download' | 'reuse';
  phase: PullLayerPhase;
  downloadedBytes: number;
  extract: PullLayerProgress['extract'];
  /** The engine said it fetched this layer ("Downloading" / "Download complete"). */
  fetched: boolean;
  /** The engine said "Already exists". */
  existed: boolean;
}

export interface PullTotals {
  downloadTotalBytes: number;
  downloadedBytes: number;
  extractLayersTotal: number;
  extractedLayers: number;
  bytesPerSecond: number | null;
  etaSeconds: number | null;
}

export interface PullOutcome {
  downloadedLayers: number;
  downloadedBytes: number;
  alreadyExistsLayers: number;
  /** The image's digest from the engine's "Digest: sha256:…" line. */
  imageDigest: string | null;
}

/** The rate is taken over this much of the recent past. */
const rateWindowMs = 5000;

export class PullProgress {
  readonly #layers: LayerState[];
  readonly #byShortId = new Map<string, LayerState[]>();
  readonly #samples: { at: number; bytes: number }[] = [];
  #imageDigest: string | null = null;

  constructor(layers: readonly SeededLayer[]) {
    this.#layers = layers.map((layer) => ({
      digest: layer.digest,
      shortId: layer.digest.replace(/^sha256:/, '').slice(0, 12),
      compressedBytes: layer.compressedBytes,
      expected: layer.willDownload ? 'download' : 'reuse',
      // A reused layer is done before the engine says so: nothing of it will move.
      phase: layer.willDownload ? 'waiting' : 'exists',
      downloadedBytes: 0,
      extract: null,
      fetched: false,
      existed: false,
    }));
    for (const layer of this.#layers) {
      const same = this.#byShortId.get(layer.shortId) ?? [];
      same.push(layer);
      this.#byShortId.set(layer.shortId, same);
    }
  }

  /**
   * One message of the stream, at `now` (ms). Returns the error it carries: the engine answers
   * 200 before pulling and reports a failure inside the stream (errorDetail).
   */
  apply(message: EngineProgressMessage, now: number): string | null {
    if (message.errorDetail != null || message.error !== undefined) {
      return message.errorDetail?.message ?? message.error ?? 'The engine reported an error.';
    }
    const status = message.status ?? '';
    const digest = /^Digest: (sha256:[0-9a-f]{64})$/.exec(status);
    if (digest !== null) this.#imageDigest = digest[1] ?? null;
    const layers = message.id === undefined ? undefined : this.#byShortId.get(message.id);
    if (layers === undefined) return null;
    for (const layer of layers) this.#applyToLayer(layer, status, message.progressDetail ?? null);
    this.#sample(now);
    return null;
  }

  #applyToLayer(
    layer: LayerState,
    status: string,
    detail: EngineProgressMessage['progressDetail'],
  ) {
    const grow = (bytes: number) => {
      // Monotone: a retried download starts again at 0, the total does not go back.
      layer.downloadedBytes = Math.min(
        layer.compressedBytes,
        Math.max(layer.downloadedBytes, bytes),
      );
    };
    switch (status) {
      case 'Pulling fs layer':
      case 'Waiting':
        if (layer.phase === 'exists' && !layer.existed) layer.phase = 'waiting';
        break;
      case 'Downloading':
        layer.fetched = true;
        layer.phase = 'downloading';
        grow(detail?.current ?? 0);
        break;
      case 'Verifying Checksum':
        layer.fetched = true;
        layer.phase = 'verifying';
        grow(layer.compressedBytes);
        break;
      case 'Download complete':
        layer.fetched = true;
        layer.phase = 'downloaded';
        grow(layer.compressedBytes);
        break;
      case 'Extracting':
        layer.phase = 'extracting';
        if (layer.fetched) grow(layer.compressedBytes);
        layer.extract = {
          current: Math.max(layer.extract?.current ?? 0, detail?.current ?? 0),
          total: detail?.total ?? 0,
          unit: detail?.units === 's' ? 'seconds' : 'bytes',
        };
        break;
      case 'Pull complete':
        layer.phase = 'done';
        if (layer.fetched) grow(layer.compressedBytes);
        break;
      case 'Already exists':
        layer.existed = true;
        layer.phase = 'exists';
        break;
      default:
        // "Retrying in N seconds" and the like: the phase stays, the bytes too.
        break;
    }
  }

  #sample(now: number): void {
    const bytes = this.#downloaded();
    const last = this.#samples.at(-1);
    if (last !== undefined && last.at === now) last.bytes = bytes;
    else this.#samples.push({ at: now, bytes });
    while (this.#samples.length > 2 && (this.#samples[0]?.at ?? now) < now - rateWindowMs) {
      this.#samples.shift();
    }
  }

  #downloaded(): number {
    return this.#layers.reduce((total, layer) => total + layer.downloadedBytes, 0);
  }

  layers(): PullLayerProgress[] {
    return this.#layers.map(
      ({ digest, shortId, compressedBytes, expected, phase, downloadedBytes, extract }) => ({
        digest,
        shortId,
        compressedBytes,
        expected,
        phase,
        downloadedBytes,
        extract,
      }),
    );
  }

  totals(): PullTotals {
    const toDownload = this.#layers.filter((layer) => layer.expected === 'download');
    const downloadTotalBytes = toDownload.reduce(
      (total, layer) => total + layer.compressedBytes,
      0,
    );
    const downloadedBytes = this.#downloaded();
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    let bytesPerSecond: number | null = null;
    if (first !== undefined && last !== undefined && last.at > first.at) {
      bytesPerSecond = ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
    }
    const left = Math.max(0, downloadTotalBytes - downloadedBytes);
    return {
      downloadTotalBytes,
      downloadedBytes,
      extractLayersTotal: toDownload.length,
      extractedLayers: this.#layers.filter((layer) => layer.fetched && layer.phase === 'done')
        .length,
      bytesPerSecond,
      etaSeconds:
        left === 0
          ? 0
          : bytesPerSecond !== null && bytesPerSecond > 0
            ? left / bytesPerSecond
            : null,
    };
  }

  /** What the engine said it did: fetched layers (with the registry's sizes) and reused ones. */
  outcome(): PullOutcome {
    const fetched = this.#layers.filter((layer) => layer.fetched);
    return {
      downloadedLayers: fetched.length,
      downloadedBytes: fetched.reduce((total, layer) => total + layer.compressedBytes, 0),
      alreadyExistsLayers: this.#layers.filter((layer) => layer.existed).length,
      imageDigest: this.#imageDigest,
    };
  }

  /** At the end of a successful pull: every layer the engine did not mention was there. */
  finish(): void {
    for (const layer of this.#layers) {
      if (!layer.fetched && !layer.existed && layer.phase !== 'exists') layer.phase = 'exists';
      if (layer.fetched) {
        layer.phase = 'done';
        layer.downloadedBytes = layer.compressedBytes;
      }
    }
  }
}
