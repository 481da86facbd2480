import Type from 'typebox';
import { Nullable } from './nullable.js';

/*
 * Every layer the images use, once per chain ID, for the layer tree and the shared-layer reuse
 * view (GET /api/layers). One call instead of GET /api/images/:id for every image.
 */

const Sha256Id = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });

export const LayerNodeSchema = Type.Object({
  chainId: Sha256Id,
  diffId: Sha256Id,
  parentChainId: Nullable(Sha256Id),
  cacheId: Nullable(
    Type.String({ description: 'Directory under <data-root>/overlay2; null when unreadable.' }),
  ),
  size: Nullable(
    Type.Integer({
      minimum: 0,
      description: 'Bytes of the layer diff as the engine records it (layerdb size).',
    }),
  ),
  diskBytes: Nullable(
    Type.Integer({
      minimum: 0,
      description: 'The layer directory as `du -B1 -s` measures it; null when not measured.',
    }),
  ),
  images: Type.Array(Sha256Id, { description: 'Every image whose chain holds this layer.' }),
  topOf: Type.Array(Sha256Id, { description: 'Images whose top layer this is.' }),
});
export type LayerNode = Type.Static<typeof LayerNodeSchema>;

export const LayerListSchema = Type.Object({
  layers: Type.Array(LayerNodeSchema, { description: 'Parents before children.' }),
  layerMetadata: Type.Object({
    readable: Type.Boolean(),
    message: Nullable(
      Type.String({ description: 'Why size and cacheId are null (layer metadata unreadable).' }),
    ),
  }),
  measured: Type.Boolean({ description: 'diskBytes come from a complete scan of the data root.' }),
  notMeasuredReason: Nullable(Type.String()),
});
export type LayerList = Type.Static<typeof LayerListSchema>;

const Bytes = Type.Integer({ minimum: 0 });

const HeldBySchema = Type.Object({
  layers: Type.Integer({ minimum: 0 }),
  engineBytes: Nullable(Bytes, {
    description: 'Sum of the layers’ recorded sizes (engine); null when one is unknown.',
  }),
  diskBytes: Nullable(Bytes, {
    description: 'Sum of the layer directories as du measures them; null until every one is.',
  }),
});

const OnlyInSchema = Type.Object({
  images: Type.Integer({ minimum: 0, description: 'Images of this kind.' }),
  layers: Type.Integer({ minimum: 0, description: 'Layers only images of this kind hold.' }),
  engineBytes: Bytes,
  unknownLayers: Type.Integer({
    minimum: 0,
    description: 'Layers counted whose size the engine did not give: engineBytes is a lower bound.',
  }),
});

/**
 * What the overview and the report show of the layers, without the list (GET /api/layers is
 * 3 MB of JSON at 2,000 images): the same sums the list gives, made by the server from it.
 */
export const LayerSummarySchema = Type.Object({
  unique: HeldBySchema,
  shared: HeldBySchema,
  onlyIn: Type.Object(
    {
      dangling: OnlyInSchema,
      unused: OnlyInSchema,
    },
    {
      description:
        'What removing every dangling image, or every image no container uses, frees together.',
    },
  ),
  layerMetadata: LayerListSchema.properties.layerMetadata,
  measured: LayerListSchema.properties.measured,
  notMeasuredReason: LayerListSchema.properties.notMeasuredReason,
});
export type LayerSummary = Type.Static<typeof LayerSummarySchema>;
