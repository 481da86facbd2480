import { describe, expect, it } from 'vitest';
import { PullProgress } from '../../src/domain/pull-progress.js';

/*
 * Three layers: base (1,000 bytes, local), app (300), top (20). The engine's messages name a
 * layer by the first 12 hex digits of its compressed digest.
 */
const digest = (hex: string) => `sha256:${hex.repeat(64 / hex.length)}`;
const base = digest('a1');
const app = digest('b2');
const top = digest('c3');
const seeded = () =>
  new PullProgress([
    { digest: base, compressedBytes: 1000, willDownload: false },
    { digest: app, compressedBytes: 300, willDownload: true },
    { digest: top, compressedBytes: 20, willDownload: true },
  ]);
const short = (value: string) => value.slice(7, 19);

describe('PullProgress', () => {
  it('is seeded from the manifest: the total is known and the reused layer is done at once', () => {
    const progress = seeded();
    expect(progress.totals()).toMatchObject({
      downloadTotalBytes: 320,
      downloadedBytes: 0,
      extractLayersTotal: 2,
      extractedLayers: 0,
    });
    expect(progress.layers().map((layer) => layer.phase)).toEqual(['exists', 'waiting', 'waiting']);
  });

  it('weighs bytes, keeps the total monotone through a retry, and takes the rate over time', () => {
    const progress = seeded();
    progress.apply({ status: 'Already exists', id: short(base) }, 0);
    progress.apply(
      { status: 'Downloading', id: short(app), progressDetail: { current: 100, total: 300 } },
      1000,
    );
    expect(progress.totals().downloadedBytes).toBe(100);
    progress.apply(
      { status: 'Downloading', id: short(app), progressDetail: { current: 200, total: 300 } },
      2000,
    );
    // 100 bytes more in one second: 100 B/s; 120 left.
    expect(progress.totals()).toMatchObject({ bytesPerSecond: 100, etaSeconds: 1.2 });
    // A retry starts the layer at 0 again: the figure stays at 200.
    progress.apply(
      { status: 'Downloading', id: short(app), progressDetail: { current: 10, total: 300 } },
      3000,
    );
    expect(progress.totals().downloadedBytes).toBe(200);
    progress.apply({ status: 'Download complete', id: short(app) }, 3000);
    progress.apply({ status: 'Verifying Checksum', id: short(top) }, 3000);
    expect(progress.totals()).toMatchObject({ downloadedBytes: 320, etaSeconds: 0 });
    progress.apply(
      { status: 'Extracting', id: short(app), progressDetail: { current: 150, total: 300 } },
      3000,
    );
    expect(progress.layers()[1]).toMatchObject({
      phase: 'extracting',
      extract: { current: 150, total: 300, unit: 'bytes' },
    });
    progress.apply({ status: 'Pull complete', id: short(app) }, 3500);
    progress.apply(
      { status: 'Extracting', id: short(top), progressDetail: { current: 1, units: 's' } },
      3500,
    );
    expect(progress.layers()[2]?.extract).toMatchObject({ unit: 'seconds', current: 1 });
    progress.apply({ status: 'Pull complete', id: short(top) }, 4000);
    progress.apply({ status: `Digest: ${digest('d4')}` }, 4000);
    expect(progress.totals()).toMatchObject({ extractedLayers: 2, extractLayersTotal: 2 });
    expect(progress.outcome()).toEqual({
      downloadedLayers: 2,
      downloadedBytes: 320,
      alreadyExistsLayers: 1,
      imageDigest: digest('d4'),
    });
  });

  it('returns the error the engine sends inside its 200 stream', () => {
    const progress = seeded();
    expect(
      progress.apply(
        { errorDetail: { message: 'manifest unknown' }, error: 'manifest unknown' },
        0,
      ),
    ).toBe('manifest unknown');
    expect(progress.apply({ status: 'Waiting', id: short(app) }, 0)).toBeNull();
  });

  it('counts a layer the engine fetched though the plan reused it', () => {
    const progress = seeded();
    progress.apply({ status: 'Pulling fs layer', id: short(base) }, 0);
    progress.apply({ status: 'Download complete', id: short(base) }, 0);
    progress.apply({ status: 'Download complete', id: short(app) }, 0);
    progress.apply({ status: 'Download complete', id: short(top) }, 0);
    progress.finish();
    expect(progress.outcome()).toMatchObject({
      downloadedLayers: 3,
      downloadedBytes: 1320,
      alreadyExistsLayers: 0,
    });
  });
});
