import Type from 'typebox';
import { apiRoutes } from '../routes.js';
import { Nullable } from './nullable.js';
import { StringEnum } from './string-enum.js';

/*
 * A pull with its cost known first. POST /api/pull/preview reads the registry (manifest, config
 * blob, 4-byte tails of gzip layers) and the engine's layer chains, and says what a pull will
 * download (compressed, exact) and what it will add on disk (an estimate). POST /api/pull starts
 * the pull on the server; its progress is a server-sent event stream per pull.
 */

const Bytes = Type.Integer({ minimum: 0 });
const Digest = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });
const DateTime = Type.String({ format: 'date-time' });

/** The pull routes, as the route table names them. */
export const pullRoutes = {
  preview: apiRoutes.pullPreview,
  pulls: apiRoutes.pulls,
  pull: apiRoutes.pull,
  pullEvents: apiRoutes.pullEvents,
  pullCancel: apiRoutes.pullCancel,
} as const;

export function pullPath(id: string, what: '' | '/events' | '/cancel' = ''): string {
  return `${pullRoutes.pull.replace(':id', encodeURIComponent(id))}${what}`;
}

export const PlatformSpecSchema = Type.Object({
  os: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9._-]+$' }),
  architecture: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9._-]+$' }),
  variant: Type.Optional(Nullable(Type.String({ maxLength: 64, pattern: '^[a-z0-9._-]*$' }))),
});
export type PlatformSpecInput = Type.Static<typeof PlatformSpecSchema>;

export const PullRequestSchema = Type.Object({
  reference: Type.String({
    minLength: 1,
    maxLength: 600,
    description: 'An image reference as `docker pull` takes it: busybox, host:5000/a/b:t@sha256:…',
  }),
  platform: Type.Optional(Nullable(PlatformSpecSchema)),
});
export type PullRequest = Type.Static<typeof PullRequestSchema>;

export const PullPlatformSchema = Type.Object({
  os: Type.String(),
  architecture: Type.String(),
  variant: Nullable(Type.String()),
});
export type PullPlatform = Type.Static<typeof PullPlatformSchema>;

export const PullPreviewLayerSchema = Type.Object({
  digest: Digest,
  mediaType: Type.String(),
  compressedBytes: Type.Integer({
    minimum: 0,
    description: 'The blob’s size in the manifest: what the registry sends.',
  }),
  diffId: Digest,
  chainId: Digest,
  local: Type.Boolean({
    description:
      'The engine holds this layer’s whole chain (this diff on exactly these layers below it).',
  }),
  engineKnowsDigest: Nullable(Type.Boolean(), {
    description:
      'The engine’s record of which diff this compressed digest unpacks to (image/<driver>/' +
      'distribution/diffid-by-digest): without it, a local layer is downloaded again (it came ' +
      'from `docker load` or a build) though the disk keeps one copy. Null: not known (the ' +
      'data root is not readable here).',
  }),
  willDownload: Type.Boolean({
    description: 'Counted in downloadBytes: not local, or local but unknown to the engine.',
  }),
  uncompressedBytesEstimate: Nullable(Type.Integer({ minimum: 0 }), {
    description:
      'gzip’s ISIZE (the blob’s last 4 bytes: uncompressed size mod 4 GiB), for layers not ' +
      'local; null when not gzip, not asked or the registry ignored Range.',
  }),
});
export type PullPreviewLayer = Type.Static<typeof PullPreviewLayerSchema>;

export const PullPreviewSchema = Type.Object({
  reference: Type.String({ description: 'As `docker images` shows it: busybox:latest.' }),
  platform: PullPlatformSchema,
  manifestDigest: Digest,
  indexDigest: Nullable(Digest, { description: 'The tag’s index, when it names several.' }),
  configDigest: Digest,
  imageId: Digest,
  alreadyPulled: Type.Boolean({ description: 'The engine already holds this exact image.' }),
  layers: Type.Array(PullPreviewLayerSchema),
  downloadBytes: Type.Integer({
    minimum: 0,
    description: 'Compressed bytes the engine will download: exact (the manifest’s sizes).',
  }),
  downloadLayers: Type.Integer({ minimum: 0 }),
  reusedLayers: Type.Integer({
    minimum: 0,
    description: 'Layers the engine will report "Already exists" for.',
  }),
  downloadedAgainBytes: Type.Integer({
    minimum: 0,
    description: 'Part of downloadBytes: local layers the engine downloads again.',
  }),
  downloadExact: Type.Boolean({
    description: 'False when a local layer’s digest record could not be read (not known).',
  }),
  digestRecords: Type.Object({
    readable: Type.Boolean(),
    reason: Nullable(Type.String()),
  }),
  sharedBaseWith: Type.Array(
    Type.Object({
      id: Digest,
      name: Nullable(Type.String()),
      sharedLayers: Type.Integer({ minimum: 1, description: 'Longest common chain prefix.' }),
    }),
    { description: 'Local images sharing a base with this one, most shared layers first.' },
  ),
  estimatedDiskBytes: Nullable(
    Type.Object({
      bytes: Bytes,
      exact: Type.Literal(false),
      basis: Type.String(),
    }),
  ),
  rateLimit: Nullable(
    Type.Object({
      limit: Nullable(Type.Integer()),
      remaining: Nullable(Type.Integer()),
    }),
  ),
  askedAt: DateTime,
});
export type PullPreview = Type.Static<typeof PullPreviewSchema>;

export const PullLayerPhaseSchema = StringEnum([
  'waiting',
  'downloading',
  'verifying',
  'downloaded',
  'extracting',
  'done',
  'exists',
]);
export type PullLayerPhase = Type.Static<typeof PullLayerPhaseSchema>;

export const PullLayerProgressSchema = Type.Object({
  digest: Digest,
  shortId: Type.String(),
  compressedBytes: Bytes,
  expected: StringEnum(['download', 'reuse']),
  phase: PullLayerPhaseSchema,
  downloadedBytes: Bytes,
  extract: Nullable(
    Type.Object({
      current: Type.Number({ minimum: 0 }),
      total: Type.Number({ minimum: 0 }),
      unit: StringEnum(['bytes', 'seconds']),
    }),
  ),
});
export type PullLayerProgress = Type.Static<typeof PullLayerProgressSchema>;

export const PullPhaseSchema = StringEnum(['measuring', 'pulling', 'done', 'failed', 'cancelled']);
export type PullPhase = Type.Static<typeof PullPhaseSchema>;

export const PullResultSchema = Type.Object({
  downloadedLayers: Type.Integer({ minimum: 0 }),
  downloadedBytes: Type.Integer({
    minimum: 0,
    description: 'Compressed bytes of the layers the engine reported downloading.',
  }),
  alreadyExistsLayers: Type.Integer({ minimum: 0 }),
  promisedDownloadBytes: Bytes,
  promisedReusedLayers: Type.Integer({ minimum: 0 }),
  agrees: Type.Boolean(),
  imageDigest: Nullable(Type.String()),
  disk: Type.Object({
    gainedBytes: Nullable(Type.Integer(), {
      description: 'The data root’s du -B1 after minus before (other writes included).',
    }),
    beforeBytes: Nullable(Bytes),
    afterBytes: Nullable(Bytes),
    reason: Nullable(Type.String()),
  }),
});
export type PullResult = Type.Static<typeof PullResultSchema>;

export const PullStateSchema = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  platform: PullPlatformSchema,
  phase: PullPhaseSchema,
  startedAt: DateTime,
  finishedAt: Nullable(DateTime),
  preview: PullPreviewSchema,
  layers: Type.Array(PullLayerProgressSchema),
  totals: Type.Object({
    downloadTotalBytes: Bytes,
    downloadedBytes: Bytes,
    extractLayersTotal: Type.Integer({ minimum: 0 }),
    extractedLayers: Type.Integer({ minimum: 0 }),
    bytesPerSecond: Nullable(Type.Number({ minimum: 0 })),
    etaSeconds: Nullable(Type.Number({ minimum: 0 })),
  }),
  error: Nullable(Type.String()),
  result: Nullable(PullResultSchema),
});
export type PullState = Type.Static<typeof PullStateSchema>;

export const PullListSchema = Type.Object({ pulls: Type.Array(PullStateSchema) });
export type PullList = Type.Static<typeof PullListSchema>;
