import type { TagUpdate } from '@footprint/shared';
import {
  decideByDigest,
  decideByPlatform,
  type DecidedBy,
  stateOfError,
  type TagRef,
} from '../domain/update-state.js';
import { AppError } from '../errors.js';
import {
  isIndex,
  type ManifestDoc,
  type PlatformSpec,
  selectPlatformManifest,
} from '../registry/manifest-types.js';
import type { ManifestAnswer, RateLimit, RegistryClient } from '../registry/registry-client.js';
import { RegistryRateLimitedError } from '../registry/registry-errors.js';

/** What one image brings to the check of each of its tags. */
export interface LocalImageFacts {
  id: string;
  /** The digest part of every RepoDigest, whichever repository. */
  digests: string[];
  platform: PlatformSpec;
}

export interface TagCheckOutcome {
  result: TagUpdate;
  /** A 429's Retry-After, for the interval's backoff. */
  retryAfterMs: number | null;
}

type Manifests = Pick<RegistryClient, 'manifest'>;

const platformName = (platform: PlatformSpec) =>
  [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');

/**
 * One tag against the registry, as cheaply as the answer allows:
 * - HEAD of the tag (free of Docker Hub's pull quota). Its digest against every RepoDigest
 *   decides most checks with that single request (domain/update-state.ts decideByDigest).
 * - GET of the tag only when HEAD gave no digest (or no media type) to decide with.
 * - When the tag moved to an index: GET of that index by its digest (not by the tag, which may
 *   have moved again meanwhile), and, when its manifest for this platform is not a RepoDigest,
 *   GET of that manifest for its config digest (decideByPlatform explains the rule). So 0, 1 or
 *   2 manifest GETs per tag; Docker Hub counts up to two GETs as one pull.
 */
export async function checkTag(
  client: Manifests,
  tag: TagRef,
  image: LocalImageFacts,
): Promise<TagCheckOutcome> {
  const requests = { head: 0, get: 0 };
  let rateLimit: RateLimit | null = null;
  let remoteDigest: string | null = null;
  let platformDigest: string | null = null;
  const ask = async (reference: string, method: 'HEAD' | 'GET'): Promise<ManifestAnswer> => {
    if (method === 'HEAD') requests.head += 1;
    else requests.get += 1;
    const answer = await client.manifest(tag, reference, { method, scope: 'pull' });
    rateLimit = answer.rateLimit ?? rateLimit;
    return answer;
  };
  const done = (
    state: TagUpdate['state'],
    decidedBy: DecidedBy | null,
    message: string | null = null,
    retryAfterMs: number | null = null,
  ): TagCheckOutcome => ({
    result: {
      reference: tag.reference,
      registry: tag.registry,
      state,
      remoteDigest,
      platformDigest,
      decidedBy,
      requests: { ...requests },
      rateLimit:
        rateLimit === null ? null : { limit: rateLimit.limit, remaining: rateLimit.remaining },
      message,
    },
    retryAfterMs,
  });

  try {
    let answer = await ask(tag.tag, 'HEAD');
    let body: ManifestDoc | null = null;
    if (answer.digest === null || answer.mediaType === '') {
      answer = await ask(tag.tag, 'GET');
      body = answer.body;
    }
    if (answer.digest === null) {
      return done(
        'failed',
        null,
        `The registry ${tag.registry} gave no digest for ${tag.reference}.`,
      );
    }
    remoteDigest = answer.digest;
    const byDigest = decideByDigest(
      { digest: answer.digest, mediaType: answer.mediaType },
      image.digests,
    );
    if (byDigest.kind === 'decided') return done(byDigest.state, byDigest.decidedBy);

    body ??= (await ask(answer.digest, 'GET')).body;
    if (body === null) return done('failed', null, 'The registry sent no manifest body.');
    if (!isIndex(body)) {
      // HEAD said index, the document is an image manifest: its config decides directly.
      const decision = decideByPlatform(
        { digest: answer.digest, configDigest: body.config.digest },
        image.id,
        image.digests,
      );
      return decision.kind === 'decided'
        ? done(decision.state, decision.decidedBy)
        : done('failed', null, 'The manifest has no config digest.');
    }
    const entry = selectPlatformManifest(body, image.platform);
    if (entry === null) {
      return done(
        'not-found',
        null,
        `${tag.reference} no longer has a manifest for ${platformName(image.platform)} ` +
          '(attestation manifests aside).',
      );
    }
    platformDigest = entry.digest;
    let decision = decideByPlatform(
      { digest: entry.digest, configDigest: null },
      image.id,
      image.digests,
    );
    if (decision.kind === 'read-manifest') {
      const manifest = (await ask(entry.digest, 'GET')).body;
      if (manifest === null || isIndex(manifest)) {
        return done('failed', null, `The platform entry ${entry.digest} is not an image manifest.`);
      }
      decision = decideByPlatform(
        { digest: entry.digest, configDigest: manifest.config.digest },
        image.id,
        image.digests,
      );
    }
    return decision.kind === 'decided'
      ? done(decision.state, decision.decidedBy)
      : done('failed', null, 'The platform manifest has no config digest.');
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error instanceof RegistryRateLimitedError) {
      rateLimit = error.rateLimit ?? rateLimit;
      const retryAfter = error.retryAfterSeconds;
      return done(
        'rate-limited',
        null,
        error.message,
        retryAfter === null ? null : retryAfter * 1000,
      );
    }
    return done(stateOfError(error.code), null, error.message);
  }
}
