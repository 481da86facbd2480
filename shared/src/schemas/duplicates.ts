import Type from 'typebox';
import { Nullable } from './nullable.js';

const Sha256Id = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });
const Bytes = (description: string) => Type.Integer({ minimum: 0, description });
const Count = (description: string) => Type.Integer({ minimum: 0, description });

/*
 * The same bytes stored more than once across images, a page at a time: identical files in
 * several layers (GET /api/duplicates/files) and one diff stored under several chains (GET
 * /api/duplicates/diffs). The groups are worked out once per image set (and, for the diffs'
 * disk figures, per finished scan); a request filters and slices them. Each row names at most
 * a few images by ID, and each such image's names come once per page in `images`.
 */

/** An image a row of this page names: its tags, once per page. */
export const DuplicateImageSchema = Type.Object({
  id: Sha256Id,
  repoTags: Type.Array(Type.String(), { description: 'Empty for an untagged image.' }),
});
export type DuplicateImage = Type.Static<typeof DuplicateImageSchema>;

const Holders = {
  images: Type.Array(Sha256Id, {
    description:
      'Images whose chain holds this layer: the filtered image first, then by name and ID; at ' +
      'most a few (imageCount says how many in all).',
  }),
  imageCount: Count('Every image whose chain holds this layer.'),
};

const PageQuery = {
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'Case-insensitive text in a path or in an image’s name (files); in an image’s name or the diff ID (diffs).',
    }),
  ),
  image: Type.Optional(
    Type.String({ pattern: '^sha256:[0-9a-f]{64}$', description: 'Only groups this image holds.' }),
  ),
  offset: Type.Optional(Type.Integer({ minimum: 0, description: 'Groups skipped; default 0.' })),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 500, description: 'Groups in the page; default 50.' }),
  ),
};

const PageFields = {
  total: Count('Groups that match the search and the image filter.'),
  offset: Count('Groups skipped.'),
  limit: Count('At most this many groups in the page.'),
  images: Type.Array(DuplicateImageSchema, { description: 'Every image the page’s rows name.' }),
  computedAt: Type.String({
    format: 'date-time',
    description: 'When the groups were worked out: they are kept until the image set changes.',
  }),
};

/** One copy of a file: where it is, and which images hold the layer it is in. */
export const DuplicateFileCopySchema = Type.Object({
  chainId: Sha256Id,
  path: Type.String(),
  displayPath: Type.String(),
  ...Holders,
});

export const DuplicateFileSchema = Type.Object({
  sha256: Sha256Id,
  apparentBytes: Bytes('The size of one copy (apparent, as `du -b` counts a file).'),
  copies: Type.Array(DuplicateFileCopySchema, {
    description: 'At least two, each stored once; by path, then chain ID.',
  }),
  savableBytes: Bytes('All copies but one (apparent).'),
});
export type DuplicateFile = Type.Static<typeof DuplicateFileSchema>;

const FileTotals = Type.Object({
  groups: Count('Groups of identical files.'),
  savableBytes: Bytes('All copies but one of every group, together (apparent).'),
});

export const DuplicateFilesQuerySchema = Type.Object({
  minBytes: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Ignore smaller files; default 1024.' }),
  ),
  ...PageQuery,
});
export type DuplicateFilesQuery = Type.Static<typeof DuplicateFilesQuerySchema>;

export const DuplicateFilesPageSchema = Type.Object({
  minBytes: Count('Files smaller than this were not compared.'),
  hashedFiles: Count('Files hashed: only those whose size another layer’s file shares.'),
  ...PageFields,
  files: Type.Array(DuplicateFileSchema, {
    description: 'Most savable first, then by SHA-256.',
  }),
  matching: FileTotals,
  all: FileTotals,
});
export type DuplicateFilesPage = Type.Static<typeof DuplicateFilesPageSchema>;

/** One chain a duplicated diff is stored under, with that copy's figures. */
export const DuplicateDiffCopySchema = Type.Object({
  chainId: Sha256Id,
  cacheId: Nullable(Type.String({ description: 'Its directory under the driver’s directory.' })),
  engineBytes: Bytes('The diff’s size as the engine recorded it for this chain (layerdb).'),
  diskBytes: Nullable(Bytes('Its directory, as `du -B1 -s`; null when not measured.')),
  apparentBytes: Nullable(Bytes('Its directory, as `du -b -s`; null when not measured.')),
  ...Holders,
});
export type DuplicateDiffCopy = Type.Static<typeof DuplicateDiffCopySchema>;

/** What keeping one copy (the largest) would save: the other copies together. */
const Extra = {
  extraEngineBytes: Bytes('The other copies’ engine sizes together.'),
  extraDiskBytes: Nullable(Bytes('The other copies on disk (`du -B1`); null when not measured.')),
  extraApparentBytes: Nullable(
    Bytes('The other copies’ apparent bytes (`du -b`); null when not measured.'),
  ),
};

export const DuplicateDiffSchema = Type.Object({
  diffId: Sha256Id,
  copies: Type.Array(DuplicateDiffCopySchema, {
    description: 'One per chain ID, at least two; largest (engine) first, then by chain ID.',
  }),
  imageCount: Count('Every image that holds one of the copies.'),
  engineBytes: Bytes('One copy, the largest, as the engine recorded it.'),
  ...Extra,
});
export type DuplicateDiff = Type.Static<typeof DuplicateDiffSchema>;

const DiffTotals = Type.Object({ groups: Count('Duplicated diffs.'), ...Extra });

export const DuplicateDiffsQuerySchema = Type.Object(PageQuery);
export type DuplicateDiffsQuery = Type.Static<typeof DuplicateDiffsQuerySchema>;

export const DuplicateDiffsPageSchema = Type.Object({
  ...PageFields,
  diffs: Type.Array(DuplicateDiffSchema, {
    description: 'Most extra engine bytes first, then by diff ID.',
  }),
  matching: DiffTotals,
  all: DiffTotals,
  notMeasuredReason: Nullable(
    Type.String({ description: 'Why the disk figures are null; null when they are measured.' }),
  ),
});
export type DuplicateDiffsPage = Type.Static<typeof DuplicateDiffsPageSchema>;
