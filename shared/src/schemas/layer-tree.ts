import Type from 'typebox';
import { StringEnum } from './string-enum.js';
import { Nullable } from './nullable.js';
import {
  parseTreeChanges,
  type TreeChange,
  treeChanges,
  treeChangesPattern,
} from '../tree-changes.js';

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

export { parseTreeChanges, type TreeChange, treeChanges, treeChangesPattern };
export const TreeChangeSchema = StringEnum([...treeChanges], {
  description:
    'Relative to the layers below the listed layer: added, modified (replaces an entry ' +
    'below; a directory: something under it changed), deleted (by a whiteout or an opaque ' +
    'directory), unchanged (merged view only: from a lower layer).',
});

const ChangesQuerySchema = (description: string) =>
  Type.String({
    pattern: treeChangesPattern,
    maxLength: 64,
    description:
      'Change types, comma-separated (added,modified,deleted,unchanged); default all. ' +
      description,
  });

export const LastChangeSchema = Type.Object(
  {
    layer: Type.Integer({ minimum: 0, description: 'Index of that layer, bottom 0.' }),
    change: StringEnum(['added', 'modified', 'deleted']),
  },
  {
    description:
      'The layer that last changed the entry and how, against the layers below that one (as ' +
      'dive marks it). In the layer view: the listed layer and `change`. In the merged view: ' +
      'the topmost layer holding the entry, which for a directory is the last one to change ' +
      'it or anything under it.',
  },
);
export type LastChange = Type.Static<typeof LastChangeSchema>;

const noOwnerOfItsOwn =
  'Null for a deleted entry: a whiteout or an opaque directory’s hiding has no mode or owner ' +
  'of its own.';

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
  mode: Nullable(Type.Integer({ minimum: 0 }), {
    description:
      'Permission and special bits, e.g. 493 = 0755: from the tar header (tar-split) or lstat ' +
      `of the layer directory. ${noOwnerOfItsOwn}`,
  }),
  uid: Nullable(Type.Integer({ minimum: 0 }), { description: `Owner user ID. ${noOwnerOfItsOwn}` }),
  gid: Nullable(Type.Integer({ minimum: 0 }), {
    description: `Owner group ID. ${noOwnerOfItsOwn}`,
  }),
  linkTarget: Nullable(Type.String(), {
    description:
      'Symlink target as stored (never followed), or the path a hard link shares its data ' +
      'with; inert text. Null for other kinds.',
  }),
  layer: Type.Integer({ minimum: 0, description: 'Index of the layer the entry comes from.' }),
  change: TreeChangeSchema,
  lastChange: LastChangeSchema,
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
  changes: Type.Optional(
    ChangesQuerySchema(
      'Lists the entries of these types, and the directories that hold one somewhere below ' +
        '(to reach it).',
    ),
  ),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type TreeQuery = Type.Static<typeof TreeQuerySchema>;

export const TreeListingSchema = Type.Object({
  imageId: Sha256Id,
  layer: TreeLayerSchema,
  view: TreeViewSchema,
  directory: TreeEntrySchema,
  total: Type.Integer({
    minimum: 0,
    description: 'Children of the directory, all pages (those the change filter keeps).',
  }),
  changes: Type.Array(TreeChangeSchema, {
    description: 'The change filter applied: every change type when none was asked for.',
  }),
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
  changes: Type.Optional(ChangesQuerySchema('Matches only entries of these types.')),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type TreeSearchQuery = Type.Static<typeof TreeSearchQuerySchema>;

export const TreeSearchSchema = Type.Object({
  imageId: Sha256Id,
  layer: TreeLayerSchema,
  view: TreeViewSchema,
  query: Type.String(),
  changes: Type.Array(TreeChangeSchema, {
    description: 'The change filter applied: matches are entries of these change types.',
  }),
  total: Type.Integer({ minimum: 0, description: 'Every match; entries holds the first few.' }),
  entries: Type.Array(TreeEntrySchema),
  notes: NotesSchema,
});
export type TreeSearch = Type.Static<typeof TreeSearchSchema>;
