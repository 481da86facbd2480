import type { PullPreview } from '@footprint/shared';
import { type LocalImageChain, planPull, PullPlanError } from '../domain/pull-plan.js';
import type { Engine } from '../engine/engine.js';
import { enginePlatform } from '../engine/engine-pull.js';
import { AppError } from '../errors.js';
import {
  type Descriptor,
  imageConfigDiffIds,
  isIndex,
  normalizePlatform,
  type PlatformSpec,
  selectPlatformManifest,
} from '../registry/manifest-types.js';
import { familiarName, type ImageRef, parseImageReference } from '../registry/reference.js';
import type { RegistryClient } from '../registry/registry-client.js';
import { readDigestRecords } from '../storage/digest-records.js';
import { dataRootOf } from '../storage/backends/storage-backend.js';

/*
 * What a pull will cost, asked before it runs: the registry's manifest and config (no layer is
 * read, only 4-byte tails of gzip layers for the disk estimate), the engine's images and their
 * chains, and the engine's digest records (storage/digest-records.ts). The plan itself is pure
 * (domain/pull-plan.ts).
 */

const gzipLayerTypes = new Set([
  'application/vnd.oci.image.layer.v1.tar+gzip',
  'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  'application/vnd.docker.image.rootfs.diff.tar.gzip',
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
]);
/** Tails asked at once: a few small requests, not one per layer of a 100-layer image at once. */
const tailConcurrency = 4;

/** A platform as asked: manifest-types' PlatformSpec, or the API's with a null variant. */
export interface PlatformInput {
  os: string;
  architecture: string;
  variant?: string | null | undefined;
}

/** What the pull needs besides the preview: the parsed reference and the chosen manifest. */
export interface ResolvedPull {
  ref: ImageRef;
  preview: PullPreview;
}

export interface PullPreviewOptions {
  /** The data root as this process sees it (DOCKER_DATA_ROOT); null: the engine's own. */
  dataRoot: string | null;
  /**
   * Diff IDs the server already holds per image ID (the inventory's rows). An image ID is the
   * digest of its config, so a kept entry is exact for that ID: at 2,000 images this saves an
   * inspect per image. Which images exist is always asked of the engine.
   */
  knownDiffIds?: () => Promise<ReadonlyMap<string, readonly string[]>>;
}

export class PullPreviewer {
  constructor(
    readonly engine: Engine,
    readonly registry: RegistryClient,
    readonly options: PullPreviewOptions,
  ) {}

  async preview(input: {
    reference: string;
    platform?: PlatformInput | null;
  }): Promise<PullPreview> {
    return (await this.resolve(input)).preview;
  }

  async resolve(input: {
    reference: string;
    platform?: PlatformInput | null;
  }): Promise<ResolvedPull> {
    const ref = parseImageReference(input.reference);
    const repo = { registry: ref.registry, repository: ref.repository };
    const engine = await enginePlatform(this.engine.client);
    const asked = input.platform ?? engine;
    const wanted: PlatformSpec = {
      os: asked.os,
      architecture: asked.architecture,
      ...(asked.variant ? { variant: asked.variant } : {}),
    };

    const top = await this.registry.manifest(repo, ref.digest ?? ref.tag ?? 'latest', {
      method: 'GET',
    });
    let manifest = top;
    let indexDigest: string | null = null;
    if (top.body !== null && isIndex(top.body)) {
      indexDigest = top.digest;
      const entry: Descriptor | null = selectPlatformManifest(top.body, wanted);
      if (entry === null) {
        const offered = top.body.manifests
          .filter((candidate) => candidate.platform !== undefined)
          .map((candidate) => platformText(candidate.platform as PlatformSpec))
          .join(', ');
        throw new AppError(
          404,
          'PLATFORM_NOT_FOUND',
          `${familiarName(ref)} has no image for ${platformText(wanted)}; it offers ${offered || 'none'}.`,
        );
      }
      manifest = await this.registry.manifest(repo, entry.digest, { method: 'GET' });
    }
    const body = manifest.body;
    if (body === null || isIndex(body) || manifest.digest === null) {
      throw new AppError(
        502,
        'REGISTRY_BAD_ANSWER',
        `${ref.registry} answered an index inside an index for ${familiarName(ref)}.`,
      );
    }

    const configBlob = await this.registry.blob(repo, body.config.digest);
    let config: { os?: string; architecture?: string; variant?: string };
    let diffIds: string[];
    try {
      config = JSON.parse(configBlob.toString('utf8')) as typeof config;
      diffIds = imageConfigDiffIds(config);
    } catch (error) {
      throw new AppError(
        502,
        'REGISTRY_BAD_ANSWER',
        `${ref.registry}: the image config of ${familiarName(ref)} is not usable: ${(error as Error).message}.`,
      );
    }
    const layers = body.layers.map((layer) => ({
      digest: layer.digest,
      mediaType: layer.mediaType,
      compressedBytes: layer.size,
    }));

    const [localImages, records] = await Promise.all([
      this.#localImages(),
      this.#digestRecords(layers.map((layer) => layer.digest)),
    ]);
    const localChains = planPull({
      layers,
      diffIds,
      localImages,
      digestRecords: records.readable ? records.records : null,
      uncompressedEstimates: new Map(),
    });
    // Tails only of layers not local: those are the ones that add disk.
    const estimates = await this.#gzipSizes(
      repo,
      localChains.layers.filter((layer) => !layer.local && gzipLayerTypes.has(layer.mediaType)),
    );
    let plan;
    try {
      plan = planPull({
        layers,
        diffIds,
        localImages,
        digestRecords: records.readable ? records.records : null,
        uncompressedEstimates: estimates,
      });
    } catch (error) {
      if (error instanceof PullPlanError) {
        throw new AppError(502, 'REGISTRY_BAD_ANSWER', `${ref.registry}: ${error.message}`);
      }
      throw error;
    }
    const platform = normalizePlatform({
      os: config.os ?? wanted.os,
      architecture: config.architecture ?? wanted.architecture,
      ...(config.variant !== undefined ? { variant: config.variant } : {}),
    });
    const estimate = plan.estimatedDiskBytes;
    const preview: PullPreview = {
      reference: familiarName(ref),
      platform: {
        os: platform.os,
        architecture: platform.architecture,
        variant: platform.variant ?? null,
      },
      manifestDigest: manifest.digest,
      indexDigest,
      configDigest: body.config.digest,
      imageId: body.config.digest,
      alreadyPulled: localImages.some((image) => image.id === body.config.digest),
      layers: plan.layers.map((layer) => ({
        digest: layer.digest,
        mediaType: layer.mediaType,
        compressedBytes: layer.compressedBytes,
        diffId: layer.diffId,
        chainId: layer.chainId,
        local: layer.local,
        engineKnowsDigest: layer.engineKnowsDigest,
        willDownload: layer.willDownload,
        uncompressedBytesEstimate: layer.uncompressedBytesEstimate,
      })),
      downloadBytes: plan.downloadBytes,
      downloadLayers: plan.downloadLayers,
      reusedLayers: plan.reusedLayers,
      downloadedAgainBytes: plan.downloadedAgainBytes,
      downloadExact: plan.downloadExact,
      digestRecords: records.readable
        ? { readable: true, reason: null }
        : { readable: false, reason: records.reason },
      sharedBaseWith: plan.sharedBaseWith,
      estimatedDiskBytes:
        estimate === null
          ? null
          : {
              bytes: estimate.bytes,
              exact: false,
              basis:
                estimate.newLayers === 0
                  ? 'Every layer is already on disk: nothing new is unpacked.'
                  : `Uncompressed sizes of ${estimate.estimatedLayers} of ${estimate.newLayers} new ` +
                    'layers from their gzip trailers (ISIZE: the size mod 4 GiB); files take ' +
                    'whole blocks on disk, so du differs.',
            },
      rateLimit:
        top.rateLimit === null
          ? null
          : { limit: top.rateLimit.limit, remaining: top.rateLimit.remaining },
      askedAt: new Date().toISOString(),
    };
    return { ref, preview };
  }

  /** The engine's images and their diff IDs, asked now: a kept list never decides a pull. */
  async #localImages(): Promise<readonly LocalImageChain[]> {
    const [listed, known] = await Promise.all([
      this.engine.listImages(),
      (this.options.knownDiffIds?.() ?? Promise.resolve(new Map())).catch(
        () => new Map<string, readonly string[]>(),
      ),
    ]);
    const images = await Promise.all(
      listed.map(async (image) => {
        const diffIds = known.get(image.id) ?? (await this.engine.diffIdsOf(image.id));
        if (diffIds === null) return null;
        const name = image.repoTags.find((tag) => tag !== '<none>:<none>') ?? null;
        return { id: image.id, name, diffIds };
      }),
    );
    return images.filter((image) => image !== null);
  }

  async #digestRecords(digests: string[]) {
    const info = await this.engine.storageInfo();
    if (info.containerdSnapshotter) {
      return readDigestRecords(
        {
          reason:
            'The engine keeps images in containerd’s content store, which has no ' +
            'diffid-by-digest records: whether it fetches local layers again is not known.',
        },
        digests,
      );
    }
    return readDigestRecords(
      { dataRoot: dataRootOf(info, this.options.dataRoot), driver: info.driver },
      digests,
    );
  }

  async #gzipSizes(
    repo: { registry: string; repository: string },
    layers: readonly { digest: string }[],
  ): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    const queue = [...new Set(layers.map((layer) => layer.digest))];
    const worker = async () => {
      for (let digest = queue.shift(); digest !== undefined; digest = queue.shift()) {
        try {
          const tail = await this.registry.blobTail(repo, digest, 4);
          if (tail !== null && tail.length === 4) sizes.set(digest, tail.readUInt32LE(0));
        } catch {
          // An estimate only: a layer whose tail could not be had is left out, and said so.
        }
      }
    };
    await Promise.all(Array.from({ length: tailConcurrency }, worker));
    return sizes;
  }
}

/** "os/architecture[/variant]", as the Engine API's platform parameter and messages write it. */
export function platformText(platform: PlatformInput): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
