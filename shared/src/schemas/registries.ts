import Type from 'typebox';
import { Nullable } from './nullable.js';
import { StringEnum } from './string-enum.js';

/*
 * A registry's own footprint (issue 18): the registries the dashboard knows (config.json's and
 * the ones a person added), a crawl of one (catalog, tags, manifests), sizes as the registry
 * stores them (compressed blobs), what deleting a tag frees once the registry's garbage
 * collector has run, and the deletion itself (preview, confirm by digest, report). No
 * credential is ever part of these answers.
 */

const Bytes = (description: string) => Type.Integer({ minimum: 0, description });
const DateTime = Type.String({ format: 'date-time' });
const Digest = Type.String({ pattern: '^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$' });
/** A registry as docker names it: host[:port] (docker.io for Docker Hub). */
const RegistryHost = Type.String({
  minLength: 1,
  maxLength: 260,
  pattern: '^(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?$',
});
const RepositoryName = Type.String({
  minLength: 1,
  maxLength: 255,
  pattern: '^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$',
});
const TagName = Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$' });

export const CrawlStatusSchema = Type.Object({
  state: StringEnum({
    never: 'Not crawled since the server started and no crawl is kept.',
    running: 'A crawl runs now; the counts below grow.',
    done: 'The last crawl finished (some repositories may have failed: see their error).',
    failed: 'The last crawl stopped: `message` says why (the catalog could not be read).',
    unsupported: 'This registry has no catalog to crawl (Docker Hub).',
  }),
  startedAt: Nullable(DateTime),
  finishedAt: Nullable(DateTime),
  repositoriesTotal: Nullable(Type.Integer({ minimum: 0 }), {
    description: 'Repositories in the catalog; null until the catalog is read whole.',
  }),
  repositoriesDone: Type.Integer({ minimum: 0 }),
  manifestsFetched: Type.Integer({ minimum: 0 }),
  repositoriesFailed: Type.Integer({ minimum: 0 }),
  message: Nullable(Type.String()),
});
export type CrawlStatus = Type.Static<typeof CrawlStatusSchema>;

export const RegistryEntrySchema = Type.Object({
  host: RegistryHost,
  source: StringEnum({
    config: 'Named in the docker config.json (auths or credHelpers).',
    user: 'Added in the dashboard (kept in the state directory; no credential is kept).',
    both: 'Both.',
  }),
  crawl: CrawlStatusSchema,
});
export type RegistryEntry = Type.Static<typeof RegistryEntrySchema>;

export const RegistryListSchema = Type.Object({
  registries: Type.Array(RegistryEntrySchema),
  configNote: Nullable(Type.String(), {
    description:
      'Why config.json could not be read, when it could not; its registries are then missing.',
  }),
});
export type RegistryList = Type.Static<typeof RegistryListSchema>;

export const AddRegistryBodySchema = Type.Object(
  {
    registry: Type.String({
      minLength: 1,
      maxLength: 300,
      description: 'host[:port], or a URL such as "https://registry.example.com:5000".',
    }),
  },
  { additionalProperties: false },
);
export type AddRegistryBody = Type.Static<typeof AddRegistryBodySchema>;

export const CrawlBodySchema = Type.Object(
  {
    pageSize: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        description: 'Catalog names per page (`n`); distribution serves at most 1000.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CrawlBody = Type.Static<typeof CrawlBodySchema>;

export const RegistryParamsSchema = Type.Object({ host: RegistryHost });
export type RegistryParams = Type.Static<typeof RegistryParamsSchema>;

const PlatformSizeSchema = Type.Object({
  digest: Digest,
  platform: Nullable(Type.String(), { description: '"linux/arm64/v8"; null when unknown.' }),
  attestation: Type.Boolean(),
  compressedBytes: Nullable(
    Bytes('Config + layers of this platform as stored (compressed); null when not fetched.'),
  ),
});

const LocalCopySchema = Type.Object({
  imageId: Type.String({ pattern: '^sha256:[0-9a-f]{64}$' }),
  match: StringEnum({
    digest: 'A local image was pulled from this very manifest (its RepoDigests name it).',
    'tag-only':
      'A local image carries this tag, but from another manifest (pulled or built before the tag moved).',
  }),
  size: Bytes(
    'The local image unpacked, as the engine’s /system/df counts it (the images page’s Size).',
  ),
  uniqueSize: Bytes(
    'What removing only that image frees locally (engine, the images page’s Unique).',
  ),
});
export type LocalCopy = Type.Static<typeof LocalCopySchema>;

const ManifestKind = StringEnum(['image', 'index', 'unknown']);

export const RegistryTagSchema = Type.Object({
  tag: Type.String(),
  digest: Digest,
  kind: ManifestKind,
  compressedBytes: Nullable(
    Bytes('Config + layers as stored (compressed). Null for an index: see platforms.'),
  ),
  platforms: Type.Array(PlatformSizeSchema, { description: 'For an index, one per entry.' }),
  sameDigestTags: Type.Array(Type.String(), {
    description: 'Other tags of the repository on the same digest: a delete takes them too.',
  }),
  onlyHeldBytes: Bytes(
    'Blob bytes freed after garbage collection if this manifest is deleted: its own manifest ' +
      'blob and every config, layer and child manifest no other tagged manifest marks.',
  ),
  local: Nullable(LocalCopySchema),
});
export type RegistryTag = Type.Static<typeof RegistryTagSchema>;

export const UntaggedManifestSchema = Type.Object({
  digest: Digest,
  kind: ManifestKind,
  compressedBytes: Nullable(Bytes('Config + layers as stored; null for an index.')),
  sweptBytes: Bytes('Its blobs no tagged manifest marks: the next garbage collection frees them.'),
});

export const RegistryRepositorySchema = Type.Object({
  name: Type.String(),
  empty: Type.Boolean({ description: 'In the catalog, with no tag and no known manifest.' }),
  tags: Type.Array(RegistryTagSchema),
  untagged: Type.Array(UntaggedManifestSchema, {
    description:
      'Manifests no tag points at that the dashboard knows of (an earlier crawl, a local ' +
      'image’s RepoDigests) and found still there: the API cannot list the others.',
  }),
  storedBytes: Bytes('Blobs its tagged manifests mark, each once.'),
  onlyHeldBytes: Bytes('Blob bytes freed after garbage collection if all its tags are deleted.'),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
});
export type RegistryRepository = Type.Static<typeof RegistryRepositorySchema>;

export const GcInstructionsSchema = Type.Object({
  dryRun: Type.String({ description: 'The command to run first: it lists and deletes nothing.' }),
  run: Type.String(),
  warning: Type.String({ description: 'Keep the registry read-only while the collector runs.' }),
  notes: Type.Array(Type.String(), {
    description: 'Read-only during GC, the config path, caveats.',
  }),
});
export type GcInstructions = Type.Static<typeof GcInstructionsSchema>;

export const RegistryViewSchema = Type.Object({
  host: RegistryHost,
  crawl: CrawlStatusSchema,
  crawledAt: Nullable(DateTime, { description: 'When the shown content was crawled.' }),
  repositories: Type.Array(RegistryRepositorySchema),
  markedBytes: Bytes('Every blob the garbage collector keeps, once: what the registry holds.'),
  tagSumBytes: Bytes('The tags’ sizes added up, shared layers as often as they are used.'),
  reclaimableNowBytes: Bytes('Known blobs nothing marks: the next garbage collection frees them.'),
  gc: GcInstructionsSchema,
  localNote: Nullable(Type.String(), {
    description: 'Why no local copy is shown: the engine did not list its images.',
  }),
});
export type RegistryView = Type.Static<typeof RegistryViewSchema>;

export const TagDeletionPreviewBodySchema = Type.Object(
  { repository: RepositoryName, tag: TagName },
  { additionalProperties: false },
);
export type TagDeletionPreviewBody = Type.Static<typeof TagDeletionPreviewBodySchema>;

export const TagDeletionPreviewSchema = Type.Object({
  host: RegistryHost,
  repository: Type.String(),
  tag: Type.String(),
  digest: Digest,
  tagsRemoved: Type.Array(Type.String(), {
    description: 'Every tag of the repository on this digest: the DELETE removes them all.',
  }),
  freedBytes: Bytes('Blob bytes the registry frees once garbage collection has run.'),
  freedBlobs: Type.Integer({ minimum: 0 }),
  crawledAt: DateTime,
});
export type TagDeletionPreview = Type.Static<typeof TagDeletionPreviewSchema>;

export const TagDeletionBodySchema = Type.Object(
  {
    repository: RepositoryName,
    tag: TagName,
    digest: Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'The digest the preview showed; 409 TAG_MOVED when the tag points elsewhere now.',
    }),
  },
  { additionalProperties: false },
);
export type TagDeletionBody = Type.Static<typeof TagDeletionBodySchema>;

export const TagDeletionResultSchema = Type.Object({
  host: RegistryHost,
  repository: Type.String(),
  digest: Digest,
  tagsRemoved: Type.Array(Type.String()),
  freedBytes: Bytes('As previewed: freed once the garbage collector has run, not before.'),
  gc: GcInstructionsSchema,
});
export type TagDeletionResult = Type.Static<typeof TagDeletionResultSchema>;
