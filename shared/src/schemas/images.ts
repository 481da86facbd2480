import Type from 'typebox';
import { Nullable } from './nullable.js';
import { LayerDiskFields } from './disk-truth.js';
import { UnusedAnswerSchema, UnusedBasisSchema } from './last-use.js';

const Sha256Id = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });
const Bytes = (description: string) => Type.Integer({ minimum: 0, description });

const imageFields = {
  id: Sha256Id,
  repoTags: Type.Array(Type.String(), {
    description: 'Tags, e.g. "debian:12". Empty when dangling.',
  }),
  repoDigests: Type.Array(Type.String(), { description: 'Registry digests, "name@sha256:…".' }),
  created: Type.String({ format: 'date-time' }),
  dangling: Type.Boolean({ description: 'No tag points at this image.' }),
  containers: Type.Integer({ minimum: 0, description: 'Containers (any state) using the image.' }),
  size: Bytes('All layers of the image, as the engine’s /system/df reports it.'),
  sharedSize: Bytes('Bytes of layers that other images also use (engine, /system/df).'),
  uniqueSize: Bytes('size − sharedSize: what removing only this image frees (engine).'),
};

export const ImageSummarySchema = Type.Object({
  ...imageFields,
  lastUsed: Nullable(Type.String({ format: 'date-time' }), {
    description:
      'When a container last was created or started from this image, as far as the server ' +
      'saw (see lastUseKnownSince); null when not since then.',
  }),
});
export type ImageSummary = Type.Static<typeof ImageSummarySchema>;

export const ImageListSchema = Type.Object({
  images: Type.Array(ImageSummarySchema),
  lastUseKnownSince: Type.String({
    format: 'date-time',
    description: 'Since when the server records container use of images.',
  }),
  unused: Type.Optional(UnusedAnswerSchema),
  kept: Type.Optional(
    Type.Object(
      {
        askedAt: Type.String({
          format: 'date-time',
          description: 'When the engine was asked for these images, before this start.',
        }),
      },
      {
        description:
          'Present while the list is the one kept from before the server started: the engine ' +
          'is being asked again, and an inventory-changed event says when its answer is in.',
      },
    ),
  ),
});
export type ImageList = Type.Static<typeof ImageListSchema>;

export const ImageListQuerySchema = Type.Object(
  {
    unusedForDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 36_500,
        description: 'Only images no container is using, and none used for this many days.',
      }),
    ),
    unusedBasis: Type.Optional(UnusedBasisSchema),
  },
  { additionalProperties: false },
);
export type ImageListQuery = Type.Static<typeof ImageListQuerySchema>;

export const LayerDetailSchema = Type.Object({
  diffId: Sha256Id,
  chainId: Sha256Id,
  cacheId: Nullable(Type.String(), {
    description:
      'Directory name under <data-root>/overlay2, from the layer metadata; null when unreadable.',
  }),
  size: Nullable(Bytes('Bytes of the layer diff as the engine records it (layerdb size).')),
  sharedBy: Type.Array(Sha256Id, { description: 'IDs of every image that contains this chain.' }),
  ...LayerDiskFields,
});
export type LayerDetail = Type.Static<typeof LayerDetailSchema>;

export const HistoryEntrySchema = Type.Object({
  created: Nullable(Type.String()),
  createdBy: Type.String(),
  comment: Type.String(),
  emptyLayer: Nullable(Type.Boolean(), {
    description: 'The step changed only metadata and made no layer; null when not known.',
  }),
});
export type HistoryEntry = Type.Static<typeof HistoryEntrySchema>;

export const GraphDriverSchema = Type.Object({
  name: Type.String(),
  lowerDir: Type.Array(Type.String(), { description: 'Read-only layers below, top first.' }),
  upperDir: Nullable(Type.String()),
  mergedDir: Nullable(Type.String()),
  workDir: Nullable(Type.String()),
});
export type GraphDriver = Type.Static<typeof GraphDriverSchema>;

export const ImageDetailSchema = Type.Object({
  ...imageFields,
  layers: Type.Array(LayerDetailSchema, { description: 'Bottom first.' }),
  history: Type.Array(HistoryEntrySchema, { description: 'Oldest first, as in the image config.' }),
  graphDriver: GraphDriverSchema,
  labels: Type.Record(Type.String(), Type.String(), {
    description: 'The image config’s labels (Config.Labels); arbitrary text, empty when none.',
  }),
  layerMetadata: Type.Object({
    readable: Type.Boolean(),
    message: Nullable(Type.String(), {
      description: 'Why cacheId and size are missing when the layer metadata cannot be read.',
    }),
  }),
});
export type ImageDetail = Type.Static<typeof ImageDetailSchema>;

export const ImageParamsSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 512 }),
});
export type ImageParams = Type.Static<typeof ImageParamsSchema>;
