import type { PullPreview, PullState } from '@footprint/shared';

/** A hand-made preview and pull state for the component tests: two layers, the base reused. */
const digest = (hex: string) => `sha256:${hex.repeat(64 / hex.length)}`;

export const testPreview: PullPreview = {
  reference: '127.0.0.1:5000/team/app:1',
  platform: { os: 'linux', architecture: 'amd64', variant: null },
  manifestDigest: digest('m1'),
  indexDigest: null,
  configDigest: digest('c1'),
  imageId: digest('c1'),
  alreadyPulled: false,
  layers: [
    {
      digest: digest('a1'),
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      compressedBytes: 1_000_000,
      diffId: digest('d1'),
      chainId: digest('d1'),
      local: true,
      engineKnowsDigest: false,
      willDownload: true,
      uncompressedBytesEstimate: null,
    },
    {
      digest: digest('b2'),
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      compressedBytes: 250_000,
      diffId: digest('d2'),
      chainId: digest('e2'),
      local: false,
      engineKnowsDigest: false,
      willDownload: true,
      uncompressedBytesEstimate: 600_000,
    },
  ],
  downloadBytes: 1_250_000,
  downloadLayers: 2,
  reusedLayers: 0,
  downloadedAgainBytes: 1_000_000,
  downloadExact: true,
  digestRecords: { readable: true, reason: null },
  sharedBaseWith: [{ id: digest('f1'), name: '<b>base</b>:1', sharedLayers: 1 }],
  estimatedDiskBytes: { bytes: 600_000, exact: false, basis: 'gzip ISIZE of 1 of 1 new layers' },
  rateLimit: null,
  askedAt: '2026-12-07T06:00:00.000Z',
};

export const testPull: PullState = {
  id: '00000000-0000-4000-8000-000000000001',
  reference: testPreview.reference,
  platform: testPreview.platform,
  phase: 'pulling',
  startedAt: '2026-12-07T06:00:01.000Z',
  finishedAt: null,
  preview: testPreview,
  layers: [
    {
      digest: digest('a1'),
      shortId: 'a1a1a1a1a1a1',
      compressedBytes: 1_000_000,
      expected: 'download',
      phase: 'downloaded',
      downloadedBytes: 1_000_000,
      extract: null,
    },
    {
      digest: digest('b2'),
      shortId: 'b2b2b2b2b2b2',
      compressedBytes: 250_000,
      expected: 'download',
      phase: 'downloading',
      downloadedBytes: 0,
      extract: null,
    },
  ],
  totals: {
    downloadTotalBytes: 1_250_000,
    downloadedBytes: 1_000_000,
    extractLayersTotal: 2,
    extractedLayers: 0,
    bytesPerSecond: 500_000,
    etaSeconds: 0.5,
  },
  error: null,
  result: null,
};
