import Type from 'typebox';
import { StringEnum } from './string-enum.js';
import { Nullable } from './nullable.js';

/*
 * The layer explorer: an image's file tree layer by layer, and merged as a container sees it,
 * one directory at a time. Every size is apparent bytes (the tar header's size, as `du -b`
 * counts a file); a directory's figures add up everything under it.
 */

const Sha256Id = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });
const Bytes = (description: string) => Type.Integer({ minimum: 0, description });

export const FileKindSchema = StringEnum(
  ['file', 'dir', 'symlink', 'hardlink', 'char-device', 'block-device', 'fifo'],
  { description: 'A hard link is marked as such; special files say what they are.' },
);
export type FileKind = Type.Static<typeof FileKindSchema>;

export const TreeViewSchema = StringEnum(['layer', 'merged'], {
  description:
    'layer: the entries of that one layer. merged: what a container sees through that layer ' +
    'and all below it.',
});
export type TreeView = Type.Static<typeof TreeViewSchema>;

export const TreeEntrySchema = Type.Object({
  name: Type.String({
    description:
      'The name as inert text: control characters, bidi overrides and bytes that are not UTF-8 ' +
      'escaped (\\n, \\xNN, \\u{…}); render as text, never as markup.',
  }),
  nameBytes: Nullable(Type.String({ contentEncoding: 'base64' }), {
    description: 'Base64 of the name’s raw bytes when they are not valid UTF-8; null otherwise.',
  }),
  path: Type.String({
    description:
      'Path of the entry inside the tree, from "/". Send it back as `path` to list this ' +
      'directory. A segment that is not UTF-8 is written as U+0000 then base64 of its bytes.',
  }),
  displayPath: Type.String({ description: 'The path as inert text, for showing.' }),
  kind: FileKindSchema,
  mode: Type.Integer({ minimum: 0, description: 'Permission and special bits, e.g. 493 = 0755.' }),
  uid: Type.Integer(),
  gid: Type.Integer(),
  linkTarget: Nullable(Type.String(), {
    description:
      'Symlink target as stored (never followed), or the path a hard link shares its data ' +
      'with; inert text. Null for other kinds.',
  }),
  layer: Type.Integer({ minimum: 0, description: 'Index of the layer the entry comes from.' }),
  change: StringEnum(['added', 'modified', 'deleted', 'unchanged'], {
    description:
      'Relative to the layers below the listed layer: added, modified (replaces an entry ' +
      'below; a directory: something under it changed), deleted (by a whiteout or an opaque ' +
      'directory), unchanged (merged view only: from a lower layer).',
  }),
  deletedBy: Nullable(StringEnum(['whiteout', 'opaque'])),
  opaque: Type.Boolean({ description: 'The directory hides what the layers below had in it.' }),
  apparentBytes: Bytes('Bytes stored (layer view) or visible (merged view) here and below.'),
  fileCount: Type.Integer({ minimum: 0, description: 'Non-directory entries here and below.' }),
  replacedBytes: Bytes('Bytes of the entry below that this one replaces.'),
  deletedBytes: Bytes('Bytes below that this entry, or anything under it, deletes.'),
  hasChildren: Type.Boolean(),
});
export type TreeEntry = Type.Static<typeof TreeEntrySchema>;

const NotesSchema = Type.Array(Type.String(), {
  description:
    'What limits this answer, in words: e.g. a layer read from its directory, where overlay’s ' +
    'opaque-directory markers could not be read. Empty when nothing does.',
});

export const TreeLayerSchema = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  chainId: Sha256Id,
  diffId: Sha256Id,
});

export const TreeQuerySchema = Type.Object({
  layer: Type.Optional(
    Type.Integer({ minimum: 0, description: 'Layer index, bottom 0; default the top layer.' }),
  ),
  view: Type.Optional(TreeViewSchema),
  path: Type.Optional(
    Type.String({ maxLength: 8192, description: 'Directory inside the tree; default "/".' }),
  ),
  sort: Type.Optional(StringEnum(['name', 'size'])),
  order: Type.Optional(StringEnum(['asc', 'desc'])),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type TreeQuery = Type.Static<typeof TreeQuerySchema>;

export const TreeListingSchema = Type.Object({
  imageId: Sha256Id,
  layer: TreeLayerSchema,
  view: TreeViewSchema,
  directory: TreeEntrySchema,
  total: Type.Integer({ minimum: 0, description: 'Children of the directory, all pages.' }),
  offset: Type.Integer({ minimum: 0 }),
  limit: Type.Integer({ minimum: 1 }),
  entries: Type.Array(TreeEntrySchema),
  notes: NotesSchema,
});
export type TreeListing = Type.Static<typeof TreeListingSchema>;

export const TreeSearchQuerySchema = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 1024, description: 'Part of a path, any case.' }),
  layer: Type.Optional(Type.Integer({ minimum: 0 })),
  view: Type.Optional(TreeViewSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type TreeSearchQuery = Type.Static<typeof TreeSearchQuerySchema>;

export const TreeSearchSchema = Type.Object({
  imageId: Sha256Id,
  layer: TreeLayerSchema,
  view: TreeViewSchema,
  query: Type.String(),
  total: Type.Integer({ minimum: 0, description: 'Every match; entries holds the first few.' }),
  entries: Type.Array(TreeEntrySchema),
  notes: NotesSchema,
});
export type TreeSearch = Type.Static<typeof TreeSearchSchema>;
