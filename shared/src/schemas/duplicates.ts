import Type from 'typebox';

const Sha256Id = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });
const Bytes = (description: string) => Type.Integer({ minimum: 0, description });

/** The same bytes stored more than once across images: identical files, and one diff under several chains. */
export const DuplicateFileCopySchema = Type.Object({
  chainId: Sha256Id,
  path: Type.String(),
  displayPath: Type.String(),
  images: Type.Array(Sha256Id, { description: 'Images whose chain holds this layer.' }),
});

export const DuplicateFileSchema = Type.Object({
  sha256: Type.String({ pattern: '^sha256:[0-9a-f]{64}$' }),
  apparentBytes: Bytes('The size of one copy.'),
  copies: Type.Array(DuplicateFileCopySchema, { description: 'At least two, each stored once.' }),
  savableBytes: Bytes('All copies but one.'),
});
export type DuplicateFile = Type.Static<typeof DuplicateFileSchema>;

export const DuplicateDiffSchema = Type.Object({
  diffId: Sha256Id,
  chainIds: Type.Array(Sha256Id, { description: 'The same diff under each of these chains.' }),
  images: Type.Array(Sha256Id),
  apparentBytes: Bytes('One copy, as the engine recorded its size.'),
  savableBytes: Bytes('What a common base would save: all copies but one.'),
});

export const DuplicatesQuerySchema = Type.Object({
  minBytes: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Ignore smaller files; default 1024.' }),
  ),
});

export const DuplicatesSchema = Type.Object({
  files: Type.Array(DuplicateFileSchema, { description: 'Most savable first.' }),
  filesSavableBytes: Bytes('All groups together.'),
  hashedFiles: Type.Integer({
    minimum: 0,
    description: 'Files hashed: only those whose size another layer’s file shares.',
  }),
  diffs: Type.Array(DuplicateDiffSchema),
  diffsSavableBytes: Bytes('All duplicated diffs together.'),
});
export type Duplicates = Type.Static<typeof DuplicatesSchema>;
