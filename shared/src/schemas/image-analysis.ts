import Type from 'typebox';
import { StringEnum } from './string-enum.js';
import { Nullable } from './nullable.js';

const Sha256Id = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });
const Bytes = (description: string) => Type.Integer({ minimum: 0, description });

export const WastedCopySchema = Type.Object({
  layer: Type.Integer({ minimum: 0 }),
  apparentBytes: Bytes('What this copy costs.'),
  fate: StringEnum(['kept', 'overwritten', 'deleted', 'hidden'], {
    description:
      'kept: the copy a container sees; overwritten by a later layer; deleted by a whiteout ' +
      '(of the file or of a directory above it); hidden by an opaque directory.',
  }),
  byLayer: Nullable(Type.Integer({ minimum: 0 })),
  heldByLink: Nullable(Type.String(), {
    description:
      'Path of a visible hard link of the same layer that still holds this copy’s data: the ' +
      'copy is then not reclaimable.',
  }),
});
export type WastedCopy = Type.Static<typeof WastedCopySchema>;

export const WastedFileSchema = Type.Object({
  path: Type.String({ description: 'As in the tree: send it back to list its directory.' }),
  displayPath: Type.String({ description: 'Inert text.' }),
  copies: Type.Array(WastedCopySchema, { description: 'Bottom layer first.' }),
  reclaimableBytes: Bytes('Every copy but the kept one and those a hard link still holds.'),
});
export type WastedFile = Type.Static<typeof WastedFileSchema>;

export const AnalysisLayerSchema = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  chainId: Sha256Id,
  diffId: Sha256Id,
  createdBy: Nullable(Type.String()),
  apparentBytes: Bytes('Bytes of the files the layer stores.'),
  fileCount: Type.Integer({ minimum: 0 }),
  replacedBytes: Bytes('Bytes of lower files this layer writes over.'),
  deletedBytes: Bytes('Bytes of lower files this layer deletes or hides.'),
});

export const DiveFiguresSchema = Type.Object(
  {
    efficiency: Type.Number({
      minimum: -1,
      maximum: 1,
      description: 'dive’s image efficiency score, 0–1, computed exactly as dive v0.13 does.',
    }),
    wastedBytes: Type.Integer({
      description: 'dive’s "potential wasted space": every copy of a path seen twice or more.',
    }),
    userWastedPercent: Nullable(Type.Number(), {
      description: 'dive’s wastedBytes / bytes of all layers but the first (a ratio, not ×100).',
    }),
    sizeBytes: Type.Integer(),
    userSizeBytes: Type.Integer(),
    inefficiencies: Type.Array(
      Type.Object({
        path: Type.String(),
        count: Type.Integer({ minimum: 2 }),
        cumulativeBytes: Type.Integer(),
      }),
    ),
  },
  {
    description:
      'For comparing with dive. dive misses files deleted with their directory and under opaque ' +
      'directories, and counts kept copies as waste (its issue 684); reclaimableBytes does not.',
  },
);
export type DiveFigures = Type.Static<typeof DiveFiguresSchema>;

export const ImageAnalysisSchema = Type.Object({
  imageId: Sha256Id,
  repoTags: Type.Array(Type.String()),
  layers: Type.Array(AnalysisLayerSchema, { description: 'Bottom first.' }),
  totalApparentBytes: Bytes('All layers’ files together.'),
  visibleApparentBytes: Bytes(
    'What a squashed image would store: what a container sees (hard-linked data once).',
  ),
  reclaimableBytes: Bytes(
    'What squashing saves: every copy a later layer overwrote, deleted or hid, the kept copy ' +
      'excepted; = totalApparentBytes − visibleApparentBytes.',
  ),
  wastedFiles: Type.Array(WastedFileSchema, { description: 'Most reclaimable first.' }),
  dive: DiveFiguresSchema,
});
export type ImageAnalysis = Type.Static<typeof ImageAnalysisSchema>;
