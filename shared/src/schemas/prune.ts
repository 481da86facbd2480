import Type from 'typebox';
import { StringEnum } from './string-enum.js';
import { Nullable } from './nullable.js';
import { ApiErrorSchema } from './error.js';

/*
 * Prune with an exact preview. POST /api/prune/preview computes what would go and the bytes that
 * would come back; POST /api/prune with the preview's ID removes exactly those items, each by ID,
 * after checking each again. Nothing is removed that the preview did not list.
 */

const Bytes = Type.Integer({ minimum: 0 });
const DateTime = Type.String({ format: 'date-time' });

export const PruneKindSchema = StringEnum([
  'dangling-images',
  'unused-images',
  'unused-for-days',
  'build-cache',
  'stopped-containers',
  'anonymous-volumes',
  'named-volumes',
]);
export type PruneKind = Type.Static<typeof PruneKindSchema>;

export const PruneRequestSchema = Type.Object(
  {
    kinds: Type.Array(PruneKindSchema, { minItems: 1, uniqueItems: true }),
    unusedForDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 36_500,
        description: 'Required with "unused-for-days": images no container used for this long.',
      }),
    ),
    filters: Type.Optional(
      Type.Object(
        {
          until: Type.Optional(
            Type.String({
              maxLength: 64,
              description:
                'Only what was created before this: a duration ago ("24h", "90m", "1h30m") or ' +
                'a timestamp (RFC 3339 or Unix seconds), as the engine’s `until` filter. Build ' +
                'cache: last used before it.',
            }),
          ),
          label: Type.Optional(
            Type.Array(Type.String({ minLength: 1, maxLength: 512 }), {
              maxItems: 20,
              description: '"key" or "key=value": only what has every one of these labels.',
            }),
          ),
          'label!': Type.Optional(
            Type.Array(Type.String({ minLength: 1, maxLength: 512 }), {
              maxItems: 20,
              description: '"key" or "key=value": never what has any of these labels.',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PruneRequest = Type.Static<typeof PruneRequestSchema>;

export const PruneItemKindSchema = StringEnum(['container', 'image', 'volume', 'build-cache']);
export type PruneItemKind = Type.Static<typeof PruneItemKindSchema>;

export const PruneItemSchema = Type.Object({
  kind: PruneItemKindSchema,
  id: Type.String({ description: 'Full image or container ID, volume name, build cache ID.' }),
  name: Type.String({
    description: 'Tags, container name, volume name or build step, for people; may be empty.',
  }),
  reason: PruneKindSchema,
  bytes: Type.Integer({
    minimum: 0,
    description:
      'Bytes removing this item frees, given everything else in the list goes too. Layers ' +
      'shared by several listed images count once, with the last of them removed.',
  }),
  bytesKnown: Type.Boolean({ description: 'False when the engine reports no size (volumes).' }),
  diskBytes: Nullable(Bytes, {
    description:
      'Bytes the data root loses on disk (as `du -B1`) when this goes, given everything else in ' +
      'the list goes too: its layer directories and their links, layer records and config ' +
      '(images); writable and -init layers, containers/<id> with its logs and mount records ' +
      '(containers); volumes/<name>. From the last scan, the small records measured now. Null ' +
      'when not known (PrunePreview.disk.note says why).',
  }),
});
export type PruneItem = Type.Static<typeof PruneItemSchema>;

export const PruneDiskPreviewSchema = Type.Object({
  totalBytes: Type.Integer({
    minimum: 0,
    description: 'On-disk bytes the listed items free, of those whose figure is known.',
  }),
  complete: Type.Boolean({ description: 'Every item’s on-disk figure is known.' }),
  measuredAt: Nullable(DateTime, { description: 'The scan the figures come from.' }),
  note: Nullable(Type.String(), { description: 'Why some or all figures are not known.' }),
});
export type PruneDiskPreview = Type.Static<typeof PruneDiskPreviewSchema>;

export const PruneDiskResultSchema = Type.Object({
  beforeBytes: Bytes,
  afterBytes: Bytes,
  reclaimedBytes: Type.Integer({
    description:
      'What the data root lost, measured: a scan right before the first removal and one after ' +
      'the last (`du -x -B1 -s` of the data root). Negative if it grew meanwhile.',
  }),
  measuredAt: DateTime,
});
export type PruneDiskResult = Type.Static<typeof PruneDiskResultSchema>;

const KindTotalSchema = Type.Object({ count: Type.Integer({ minimum: 0 }), bytes: Bytes });

export const PrunePreviewSchema = Type.Object({
  previewId: Type.String({ description: 'Confirm with this within expiresAt; used once.' }),
  createdAt: DateTime,
  expiresAt: DateTime,
  request: PruneRequestSchema,
  items: Type.Array(PruneItemSchema, { description: 'In the order they would be removed.' }),
  totals: Type.Object({
    containers: KindTotalSchema,
    images: KindTotalSchema,
    volumes: KindTotalSchema,
    buildCache: KindTotalSchema,
  }),
  totalBytes: Type.Integer({
    minimum: 0,
    description: 'Exactly what would come back, as the engine counts it (its layer sizes).',
  }),
  disk: PruneDiskPreviewSchema,
  lastUseKnownSince: DateTime,
  notes: Type.Array(Type.String(), { description: 'Caveats a person should read first.' }),
});
export type PrunePreview = Type.Static<typeof PrunePreviewSchema>;

export const PruneConfirmSchema = Type.Object(
  { previewId: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export type PruneConfirm = Type.Static<typeof PruneConfirmSchema>;

export const PruneOutcomeSchema = StringEnum([
  'removed',
  'skipped',
  'gone',
  'failed',
  'not-attempted',
]);

export const PruneItemResultSchema = Type.Object({
  kind: PruneItemKindSchema,
  id: Type.String(),
  name: Type.String(),
  outcome: PruneOutcomeSchema,
  message: Nullable(Type.String(), {
    description: 'Why it was skipped or failed, e.g. "now used by container web (running)".',
  }),
  previewBytes: Bytes,
  previewDiskBytes: Nullable(Bytes),
  reclaimedBytes: Type.Integer({
    minimum: 0,
    description: 'What removing it freed, as the engine counts it (the layers it released).',
  }),
});
export type PruneItemResult = Type.Static<typeof PruneItemResultSchema>;

export const PruneResultSchema = Type.Object({
  previewId: Type.String(),
  startedAt: DateTime,
  finishedAt: DateTime,
  complete: Type.Boolean({ description: 'False when the engine went away part way.' }),
  items: Type.Array(PruneItemResultSchema),
  previewBytes: Bytes,
  reclaimedBytes: Bytes,
  previewDisk: PruneDiskPreviewSchema,
  disk: Nullable(PruneDiskResultSchema, {
    description: 'Null when the data root cannot be measured here (diskNote says why).',
  }),
  diskNote: Nullable(Type.String()),
  newSincePreview: Type.Array(PruneItemSchema, {
    description: 'Would qualify now but were not in the preview: left alone.',
  }),
  error: Nullable(ApiErrorSchema),
});
export type PruneResult = Type.Static<typeof PruneResultSchema>;

export const PruneStatusSchema = Type.Object({
  running: Type.Boolean(),
  last: Nullable(PruneResultSchema, {
    description: 'The last prune’s result, also when its client went away before the end.',
  }),
});
export type PruneStatus = Type.Static<typeof PruneStatusSchema>;
