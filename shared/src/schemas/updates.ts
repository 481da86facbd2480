import Type from 'typebox';
import { Nullable } from './nullable.js';
import { StringEnum } from './string-enum.js';

/*
 * Update checks (issue #18): does the tag a local image was pulled by point elsewhere now? The
 * registry is asked with HEAD (free of Docker Hub's pull quota), a GET only when HEAD gives no
 * digest or when the tag moved to an index (to tell a new image from new attestations). Every
 * failure is a state of its own with the registry's message: never a "up to date" by default.
 */

const Sha256Id = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });
const Digest = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });

/** What one tag's check found. */
export const TagUpdateStateSchema = StringEnum({
  'up-to-date': 'The tag still points at this image (by a RepoDigest or its platform manifest).',
  'update-available': 'The tag points at another image for this image’s platform.',
  'registry-offline': 'The registry did not answer (connection refused, timeout, TLS).',
  unauthorized: 'The registry refused the credentials, or asks for some and none are set.',
  'rate-limited': 'The registry answered 429 (Docker Hub’s pull limit, for one).',
  'not-found': 'The registry has no such repository or tag, or no manifest for this platform.',
  failed: 'Any other answer the check could not use; the message says which.',
});
export type TagUpdateState = Type.Static<typeof TagUpdateStateSchema>;

/** One image's state: its tags' states put together (an error outranks "up to date"). */
export const UpdateStateSchema = StringEnum({
  'up-to-date': 'Every registry tag of the image still points at it.',
  'update-available': 'At least one of its registry tags points at another image.',
  'not-from-a-registry': 'No RepoDigests: built or loaded here, never pulled or pushed.',
  'no-registry-tag':
    'It has RepoDigests but no tag in those repositories (pulled by digest, or its tag moved ' +
    'to another image here): nothing to follow.',
  'registry-offline': '',
  unauthorized: '',
  'rate-limited': '',
  'not-found': '',
  failed: '',
});
export type UpdateState = Type.Static<typeof UpdateStateSchema>;

export const RateLimitSchema = Type.Object({
  limit: Nullable(Type.Integer({ minimum: 0 }), { description: '`ratelimit-limit`' }),
  remaining: Nullable(Type.Integer({ minimum: 0 }), {
    description: '`ratelimit-remaining`: pulls left in the window, as the registry sent it.',
  }),
});
export type RateLimitInfo = Type.Static<typeof RateLimitSchema>;

export const TagUpdateSchema = Type.Object({
  reference: Type.String({ description: 'The tag as `docker images` shows it.' }),
  registry: Type.String(),
  state: TagUpdateStateSchema,
  remoteDigest: Nullable(Digest, {
    description: 'What the tag points at in the registry now (manifest or index digest).',
  }),
  platformDigest: Nullable(Digest, {
    description:
      'When the tag points at an index: the manifest for this image’s platform in it ' +
      '(attestation manifests skipped).',
  }),
  decidedBy: Nullable(
    StringEnum({
      'repo-digest': 'The tag’s digest is one of the image’s RepoDigests.',
      'manifest-digest': 'The tag moved to another single-platform manifest.',
      'platform-manifest':
        'The tag moved to an index whose manifest for this platform is one of the RepoDigests.',
      'platform-config':
        'The tag moved to an index; its manifest for this platform was compared by config ' +
        'digest with the local image ID.',
    }),
  ),
  requests: Type.Object(
    {
      head: Type.Integer({ minimum: 0 }),
      get: Type.Integer({ minimum: 0, description: 'Manifest GETs: what Docker Hub counts.' }),
    },
    { description: 'Manifest requests this tag’s check made (token requests not counted).' },
  ),
  rateLimit: Nullable(RateLimitSchema),
  message: Nullable(Type.String(), { description: 'The registry’s error, or why not checked.' }),
});
export type TagUpdate = Type.Static<typeof TagUpdateSchema>;

export const ImageUpdateSchema = Type.Object({
  id: Sha256Id,
  state: UpdateStateSchema,
  checkedAt: Type.String({ format: 'date-time' }),
  repoTags: Type.Array(Type.String(), { description: 'The image’s tags when it was checked.' }),
  tags: Type.Array(TagUpdateSchema, { description: 'Each registry tag checked.' }),
  message: Nullable(Type.String()),
  tagsChanged: Type.Boolean({
    description: 'The image’s tags are not the ones checked any more: check again.',
  }),
});
export type ImageUpdate = Type.Static<typeof ImageUpdateSchema>;

export const UpdateProgressSchema = Type.Object({
  running: Type.Boolean(),
  done: Type.Integer({ minimum: 0, description: 'Images checked in this run.' }),
  total: Type.Integer({ minimum: 0, description: 'Images this run checks.' }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  trigger: Nullable(StringEnum(['request', 'interval'])),
});
export type UpdateProgress = Type.Static<typeof UpdateProgressSchema>;

export const UpdateSettingsSchema = Type.Object(
  {
    intervalMinutes: Type.Integer({
      minimum: 0,
      maximum: 10_080,
      description:
        'Check every image this often; 0: only on request (the default). After a run in ' +
        'which a registry was offline, refused or rate-limited, the wait doubles each time ' +
        '(at most 16 times the interval, at least a 429’s Retry-After), back to the interval ' +
        'after a run without such a failure.',
    }),
  },
  { additionalProperties: false },
);
export type UpdateSettings = Type.Static<typeof UpdateSettingsSchema>;

export const UpdateListSchema = Type.Object({
  results: Type.Array(ImageUpdateSchema, { description: 'Kept results of images listed now.' }),
  progress: UpdateProgressSchema,
  settings: UpdateSettingsSchema,
  nextCheckAt: Nullable(Type.String({ format: 'date-time' }), {
    description: 'When the interval runs the next check; null when it is off.',
  }),
  rateLimits: Type.Array(
    Type.Object({
      registry: Type.String(),
      limit: Nullable(Type.Integer({ minimum: 0 })),
      remaining: Nullable(Type.Integer({ minimum: 0 })),
      at: Type.String({ format: 'date-time' }),
    }),
    { description: 'The last rate-limit headers each registry sent.' },
  ),
});
export type UpdateList = Type.Static<typeof UpdateListSchema>;

export const UpdateCheckBodySchema = Type.Object(
  {
    ids: Type.Optional(
      Type.Array(Sha256Id, {
        minItems: 1,
        maxItems: 5000,
        uniqueItems: true,
        description: 'Only these images; absent: every image pulled from a registry.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type UpdateCheckBody = Type.Static<typeof UpdateCheckBodySchema>;
