import { describe, expect, it } from 'vitest';
import {
  type Descriptor,
  type ImageIndex,
  imageConfigDiffIds,
  normalizePlatform,
  selectPlatformManifest,
  toManifestDoc,
} from '../../src/registry/manifest-types.js';

/* Platform choice in an index (attestations skipped) and the config's diff IDs. */

const d = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const entry = (
  n: number,
  platform: Descriptor['platform'],
  annotations?: Record<string, string>,
): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: d(n),
  size: 500 + n,
  ...(platform === undefined ? {} : { platform }),
  ...(annotations === undefined ? {} : { annotations }),
});

// As BuildKit pushes a multi-platform image with provenance: each image manifest followed by
// its attestation manifest (platform unknown/unknown, vnd.docker.reference.* annotations).
const index: ImageIndex = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    entry(1, { os: 'linux', architecture: 'amd64' }),
    entry(2, { os: 'linux', architecture: 'arm', variant: 'v6' }),
    entry(3, { os: 'linux', architecture: 'arm', variant: 'v7' }),
    entry(4, { os: 'linux', architecture: 'arm64', variant: 'v8' }),
    entry(
      5,
      { os: 'unknown', architecture: 'unknown' },
      {
        'vnd.docker.reference.digest': d(1),
        'vnd.docker.reference.type': 'attestation-manifest',
      },
    ),
    entry(6, { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.1' }),
  ],
};

describe('selectPlatformManifest', () => {
  it('takes the matching image manifest, never an attestation', () => {
    expect(selectPlatformManifest(index, { os: 'linux', architecture: 'amd64' })?.digest).toBe(
      d(1),
    );
    expect(selectPlatformManifest(index, { os: 'windows', architecture: 'amd64' })?.digest).toBe(
      d(6),
    );
    expect(selectPlatformManifest(index, { os: 'unknown', architecture: 'unknown' })).toBeNull();
  });

  it("matches variants as containerd does: arm64's v8 and arm's v7 are the defaults", () => {
    expect(selectPlatformManifest(index, { os: 'linux', architecture: 'arm64' })?.digest).toBe(
      d(4),
    );
    expect(selectPlatformManifest(index, { os: 'linux', architecture: 'aarch64' })?.digest).toBe(
      d(4),
    );
    expect(selectPlatformManifest(index, { os: 'linux', architecture: 'arm' })?.digest).toBe(d(3));
    expect(
      selectPlatformManifest(index, { os: 'linux', architecture: 'arm', variant: 'v6' })?.digest,
    ).toBe(d(2));
    expect(selectPlatformManifest(index, { os: 'linux', architecture: 'x86_64' })?.digest).toBe(
      d(1),
    );
    expect(
      selectPlatformManifest(index, { os: 'linux', architecture: 'amd64', variant: 'v3' }),
    ).toBeNull();
    expect(selectPlatformManifest(index, { os: 'linux', architecture: 's390x' })).toBeNull();
  });

  it('skips an attestation even when it names a real platform', () => {
    const sneaky: ImageIndex = {
      schemaVersion: 2,
      manifests: [
        entry(
          7,
          { os: 'linux', architecture: 'amd64' },
          { 'vnd.docker.reference.type': 'attestation-manifest' },
        ),
        entry(8, { os: 'linux', architecture: 'amd64' }),
      ],
    };
    expect(selectPlatformManifest(sneaky, { os: 'linux', architecture: 'amd64' })?.digest).toBe(
      d(8),
    );
  });

  it('normalizes platform names', () => {
    expect(normalizePlatform({ os: 'Linux', architecture: 'armhf' })).toEqual({
      os: 'linux',
      architecture: 'arm',
      variant: 'v7',
    });
    expect(normalizePlatform({ os: 'linux', architecture: 'amd64', variant: 'v1' })).toEqual({
      os: 'linux',
      architecture: 'amd64',
    });
  });
});

describe('toManifestDoc and imageConfigDiffIds', () => {
  it('accepts an index and an image manifest, refuses schema 1 and broken descriptors', () => {
    expect(toManifestDoc(index)).toBe(index);
    const manifest = {
      schemaVersion: 2,
      config: entry(1, undefined),
      layers: [entry(2, undefined)],
    };
    expect(toManifestDoc(manifest)).toBe(manifest);
    expect(() => toManifestDoc({ schemaVersion: 1, fsLayers: [] })).toThrow('schemaVersion 1');
    expect(() =>
      toManifestDoc({
        schemaVersion: 2,
        config: entry(1, undefined),
        layers: [{ digest: 'x', size: 1 }],
      }),
    ).toThrow('layer');
    expect(() => toManifestDoc('text')).toThrow('not a JSON object');
  });

  it('reads rootfs.diff_ids bottom first', () => {
    const ids = [d(1), d(2)];
    expect(imageConfigDiffIds({ rootfs: { type: 'layers', diff_ids: ids } })).toEqual(ids);
    expect(() => imageConfigDiffIds({ rootfs: { type: 'layers' } })).toThrow('diff_ids');
    expect(() => imageConfigDiffIds({ rootfs: { diff_ids: ['sha256:zz'] } })).toThrow('diff_ids');
  });
});
