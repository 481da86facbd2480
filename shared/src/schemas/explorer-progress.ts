import Type from 'typebox';

/**
 * Long work of the layer explorer, pushed on GET /api/events as `explorer-progress`: the first
 * index of a big layer (parsing its file list), and hashing files of equal size for
 * GET /api/duplicates. Sent while it runs (at most a few per second, and only once it has run
 * for a moment), then once with phase done or failed. Only notifies: the request that started
 * the work answers with the result.
 */
export const ExplorerProgressEventSchema = Type.Object({
  type: Type.Literal('explorer-progress'),
  task: Type.Union([Type.Literal('layer-index'), Type.Literal('duplicates')]),
  /** The chain ID of the layer being indexed, or "duplicates:<minBytes>". */
  taskId: Type.String(),
  /** The image whose request started the work; null for duplicates. */
  imageId: Type.Union([Type.String(), Type.Null()]),
  /** The layer's index in that image; null for duplicates. */
  layer: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  phase: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  itemsDone: Type.Integer({
    minimum: 0,
    description: 'Entries read (layer-index) or files hashed (duplicates).',
  }),
  itemsTotal: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: 'Files to hash; null while indexing (a layer’s entry count is known at the end).',
  }),
  bytesDone: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: 'Bytes of the file list read (compressed), or bytes hashed.',
  }),
  bytesTotal: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: 'The file list’s size, or the bytes to hash; null when read from a directory.',
  }),
  message: Type.Union([Type.String(), Type.Null()]),
});
export type ExplorerProgressEvent = Type.Static<typeof ExplorerProgressEventSchema>;
