import Type from 'typebox';
import { StringEnum } from './string-enum.js';
import { Nullable } from './nullable.js';

/**
 * Long work of the layer explorer, pushed on GET /api/events as `explorer-progress`: the first
 * index of a big layer (parsing its file list), and hashing files of equal size for
 * GET /api/duplicates/files. Sent while it runs (at most a few per second, and only once it has run
 * for a moment), then once with phase done or failed. Only notifies: the request that started
 * the work answers with the result.
 */
export const ExplorerProgressEventSchema = Type.Object({
  type: Type.Literal('explorer-progress'),
  task: StringEnum(['layer-index', 'duplicates']),
  /** The chain ID of the layer being indexed, or "duplicates:<minBytes>". */
  taskId: Type.String(),
  /** The image whose request started the work; null for duplicates. */
  imageId: Nullable(Type.String()),
  /** The layer's index in that image; null for duplicates. */
  layer: Nullable(Type.Integer({ minimum: 0 })),
  phase: StringEnum(['running', 'done', 'failed']),
  itemsDone: Type.Integer({
    minimum: 0,
    description: 'Entries read (layer-index) or files hashed (duplicates).',
  }),
  itemsTotal: Nullable(Type.Integer({ minimum: 0 }), {
    description: 'Files to hash; null while indexing (a layer’s entry count is known at the end).',
  }),
  bytesDone: Nullable(Type.Integer({ minimum: 0 }), {
    description: 'Bytes of the file list read (compressed), or bytes hashed.',
  }),
  bytesTotal: Nullable(Type.Integer({ minimum: 0 }), {
    description: 'The file list’s size, or the bytes to hash; null when read from a directory.',
  }),
  message: Nullable(Type.String()),
});
export type ExplorerProgressEvent = Type.Static<typeof ExplorerProgressEventSchema>;
