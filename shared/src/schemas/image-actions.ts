import Type from 'typebox';
import { StringEnum } from './string-enum.js';
import { Nullable } from './nullable.js';
import { PruneDiskPreviewSchema, PruneDiskResultSchema } from './prune.js';

/*
 * Removing and untagging images. Every destructive request is a JSON body (the server refuses
 * anything else) and names images by full ID. Removal goes to the engine by that ID, so a tag
 * moved meanwhile never takes another image. An untag has to go by name (the Engine API has no
 * untag-if-it-still-points-here): the server checks the name first, and when it moved anyway
 * before the engine acted, the 409 says which image the engine took it from (or deleted).
 */

const FullImageId = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });

export const RemoveImageBodySchema = Type.Object(
  {
    force: Type.Optional(
      Type.Boolean({
        description:
          'Also remove when the image has several tags or a stopped container uses it. Only ' +
          'after the person saw why it is needed (the 409 message). Never overrides a running ' +
          'container or child images.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type RemoveImageBody = Type.Static<typeof RemoveImageBodySchema>;

export const RemoveImagesBodySchema = Type.Object(
  {
    ids: Type.Array(FullImageId, { minItems: 1, maxItems: 500, uniqueItems: true }),
    force: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RemoveImagesBody = Type.Static<typeof RemoveImagesBodySchema>;

export const RemovalPreviewBodySchema = Type.Object(
  { ids: Type.Array(FullImageId, { minItems: 1, maxItems: 500, uniqueItems: true }) },
  { additionalProperties: false },
);
export type RemovalPreviewBody = Type.Static<typeof RemovalPreviewBodySchema>;

const Bytes = Type.Integer({ minimum: 0 });

export const RemovalPreviewSchema = Type.Object({
  images: Type.Array(
    Type.Object({
      id: FullImageId,
      bytes: Type.Integer({
        minimum: 0,
        description:
          'Engine bytes removing it frees, given the others listed go too: the layers only the ' +
          'listed images hold, each counted with the last of them.',
      }),
      diskBytes: Nullable(Bytes, {
        description:
          'Bytes the data root loses on disk (as `du -B1`): the freed layer directories with ' +
          'their links and records, and the image config. Null when not known.',
      }),
    }),
  ),
  totalBytes: Bytes,
  disk: PruneDiskPreviewSchema,
});
export type RemovalPreview = Type.Static<typeof RemovalPreviewSchema>;

export const UntagImageBodySchema = Type.Object(
  {
    imageId: Type.String({
      pattern: '^sha256:[0-9a-f]{64}$',
      description:
        'The image the tag points at as listed. If the tag moved before the engine is asked, ' +
        'nothing is done (409 TAG_MOVED); if it moved while the engine acted, the 409 says on ' +
        'which image: TAG_MOVED_OTHER_IMAGE_DELETED, TAG_MOVED_OTHER_IMAGE_UNTAGGED, ' +
        'TAG_MOVED_DURING_UNTAG, or UNTAG_UNCONFIRMED.',
    }),
    tag: Type.String({ minLength: 1, maxLength: 520, description: 'e.g. "debian:12".' }),
  },
  { additionalProperties: false },
);
export type UntagImageBody = Type.Static<typeof UntagImageBodySchema>;

export const ImageRemovalOutcomeSchema = StringEnum([
  'removed',
  'untagged',
  'conflict',
  'not-found',
  'failed',
]);

export const ImageRemovalSchema = Type.Object({
  id: FullImageId,
  outcome: ImageRemovalOutcomeSchema,
  untagged: Type.Array(Type.String(), { description: 'References the engine untagged.' }),
  deleted: Type.Array(Type.String(), {
    description: 'What the engine deleted: the image ID and the chain IDs of freed layers.',
  }),
  code: Nullable(Type.String(), {
    description:
      'When not removed: IMAGE_USED_BY_RUNNING_CONTAINER, IMAGE_HAS_CHILDREN (force does not ' +
      'help), IMAGE_USED_BY_STOPPED_CONTAINER, IMAGE_HAS_SEVERAL_TAGS (force helps), ' +
      'IMAGE_NOT_FOUND, REMOVAL_UNCONFIRMED (the engine answered without deleting it), ' +
      'ENGINE_UNREACHABLE, ENGINE_ERROR.',
  }),
  message: Nullable(Type.String()),
});
export type ImageRemoval = Type.Static<typeof ImageRemovalSchema>;

export const ImageRemovalListSchema = Type.Object({
  results: Type.Array(ImageRemovalSchema),
  disk: Nullable(PruneDiskResultSchema, {
    description: 'What the data root lost, measured before and after; null when not measured.',
  }),
  diskNote: Nullable(Type.String(), { description: 'Why the disk was not measured.' }),
});
export type ImageRemovalList = Type.Static<typeof ImageRemovalListSchema>;

/*
 * Adding a tag (docker tag). The tag goes on by the image's full ID; a name that already points
 * at another image is moved only when the person confirmed it after being told which image
 * loses it (409 TAG_ON_OTHER_IMAGE says so).
 */
export const TagImageBodySchema = Type.Object(
  {
    imageId: FullImageId,
    tag: Type.String({
      minLength: 1,
      maxLength: 520,
      description: 'e.g. "team/app:2" or "registry:5000/team/app:2"; without ":tag", ":latest".',
    }),
    move: Type.Optional(
      Type.Boolean({
        description:
          'Take the name from the image it points at now. Only after the 409 said which image ' +
          'that is; if it moved to yet another image since, nothing is done.',
      }),
    ),
    expectedCurrent: Type.Optional(
      Type.String({
        pattern: '^sha256:[0-9a-f]{64}$',
        description: 'With move: the image the 409 named; the name is moved only from it.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TagImageBody = Type.Static<typeof TagImageBodySchema>;

export const ImageTaggingSchema = Type.Object({
  id: FullImageId,
  tag: Type.String({ description: 'The full reference now on the image, e.g. "team/app:2".' }),
  outcome: StringEnum(['tagged', 'moved', 'unchanged'], {
    description: 'unchanged: the name already pointed at this image.',
  }),
  movedFrom: Nullable(FullImageId, { description: 'The image that lost the name, if any.' }),
  movedFromTags: Type.Array(Type.String(), {
    description: 'The tags that image keeps (none: it is dangling now).',
  }),
});
export type ImageTagging = Type.Static<typeof ImageTaggingSchema>;

export const ImageSaveQuerySchema = Type.Object(
  {
    tag: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 520,
        description:
          'Save under this tag of the image, so `docker load` restores the name too. It must ' +
          'point at the image (409 otherwise). Without it the archive holds the image by ID.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ImageSaveQuery = Type.Static<typeof ImageSaveQuerySchema>;
