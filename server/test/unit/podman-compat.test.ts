import { describe, expect, it } from 'vitest';
import {
  engineKindOf,
  fromPodmanDiskUsage,
  toDockerEvent,
  withDigestPrefix,
} from '../../src/engine/podman-compat.js';
import type { RawEvent } from '../../src/engine/raw-action-types.js';

/*
 * Podman 4.3.1's answers, as its service sent them (recorded from Debian's podman against the
 * fixture images; shortened to the fields read), turned into Docker's shape; Docker's own
 * answers pass unchanged.
 */

const hexA = 'a'.repeat(64);
const hexB = 'b'.repeat(64);
const hexC = 'c'.repeat(64);

describe('engineKindOf', () => {
  it('tells Podman by its "Podman Engine" component, Docker otherwise', () => {
    expect(
      engineKindOf({
        Version: '4.3.1',
        ApiVersion: '1.41',
        Components: [{ Name: 'Podman Engine' }, { Name: 'Conmon' }],
      }),
    ).toBe('podman');
    expect(
      engineKindOf({ Version: '20.10.24', ApiVersion: '1.41', Components: [{ Name: 'Engine' }] }),
    ).toBe('docker');
    expect(engineKindOf({ Version: '1.13.1', ApiVersion: '1.26' })).toBe('docker');
  });
});

describe('withDigestPrefix', () => {
  it('prefixes bare hex only', () => {
    expect(withDigestPrefix(hexA)).toBe(`sha256:${hexA}`);
    expect(withDigestPrefix(`sha256:${hexA}`)).toBe(`sha256:${hexA}`);
    expect(withDigestPrefix('busybox:1')).toBe('busybox:1');
  });
});

describe('fromPodmanDiskUsage', () => {
  const row = (id: string, tag: string, size: number, shared: number, containers = 0) => ({
    Id: id,
    RepoTags: [tag],
    RepoDigests: null,
    Created: 1_767_225_600,
    Size: size,
    SharedSize: shared,
    Containers: containers,
    Labels: {},
  });

  it('joins the rows of one image, names it from the image list, and prefixes IDs', () => {
    const df = fromPodmanDiskUsage(
      {
        LayersSize: 0,
        Images: [
          row(hexA, '1', 300_954, 0),
          row(hexA, 'latest', 300_954, 0),
          row(hexB, '<none>', 155_280, 155_280),
          row(hexC, '1', 1_000, 0),
        ],
        Containers: [
          {
            Id: hexC,
            Names: ['volw'],
            Image: hexA,
            ImageID: hexA,
            State: 'exited',
            Created: 1,
            Mounts: null,
          },
        ],
        Volumes: [],
        BuildCache: [],
      },
      [
        {
          Id: `sha256:${hexA}`,
          RepoTags: ['localhost/app:latest', 'localhost/app:1'],
          RepoDigests: [`localhost/app@sha256:${hexB}`],
          Labels: { note: 'x' },
        },
        { Id: `sha256:${hexB}`, RepoTags: [], ParentId: '' },
      ],
      [
        {
          Id: hexC,
          Names: ['/volw'],
          Image: 'localhost/app:1',
          ImageID: `sha256:${hexA}`,
          State: 'exited',
          Created: 1,
          Mounts: [{ Type: 'volume', Name: 'vdata' }],
        },
      ],
    );
    // hexC's rows: an image the list no longer has (removed between the two answers).
    expect(df.Images).toEqual([
      {
        ...row(`sha256:${hexA}`, '', 300_954, 0),
        RepoTags: ['localhost/app:latest', 'localhost/app:1'],
        RepoDigests: [`localhost/app@sha256:${hexB}`],
        Labels: { note: 'x' },
        ParentId: '',
      },
      {
        ...row(`sha256:${hexB}`, '', 155_280, 155_280),
        RepoTags: [],
        RepoDigests: [],
        ParentId: '',
      },
    ]);
    expect(df.Containers?.[0]).toMatchObject({
      ImageID: `sha256:${hexA}`,
      Image: 'localhost/app:1',
      Mounts: [{ Type: 'volume', Name: 'vdata' }],
    });
    // No total from Podman: the rows' sum, as `podman system df` gives it (one per tag).
    expect(df.LayersSize).toBe(300_954 * 2 + 155_280 + 1_000);
  });
});

describe('toDockerEvent', () => {
  const event = (Type: string, Action: string, ID: string, name = ''): RawEvent => ({
    Type,
    Action,
    Actor: { ID, Attributes: { name } },
    time: 1,
  });

  it('reads a removed container or volume as destroyed, and died as die', () => {
    expect(toDockerEvent(event('container', 'remove', hexA)).Action).toBe('destroy');
    expect(toDockerEvent(event('volume', 'remove', '', 'v1')).Action).toBe('destroy');
    expect(toDockerEvent(event('container', 'died', hexA)).Action).toBe('die');
  });

  it('prefixes an image event’s bare-hex ID and reads loadfromarchive as load', () => {
    expect(toDockerEvent(event('image', 'untag', hexA)).Actor?.ID).toBe(`sha256:${hexA}`);
    const load = toDockerEvent(event('image', 'loadfromarchive', '', '/tmp/x.tar'));
    expect(load.Action).toBe('load');
    expect(load.Actor).toBeUndefined();
  });

  it('gives a pull the reference as its ID, as Docker does; an empty ID is no ID', () => {
    const pull = toDockerEvent(event('image', 'pull', '', 'footprint-fixture/busybox:1'));
    expect(pull.Actor?.ID).toBe('footprint-fixture/busybox:1');
    expect(toDockerEvent(event('image', 'prune', '')).Actor).toBeUndefined();
  });

  it('leaves Docker’s events as they are', () => {
    const docker = event('container', 'destroy', hexA);
    expect(toDockerEvent(docker)).toBe(docker);
    const tag = event('image', 'tag', `sha256:${hexA}`, 'app:1');
    expect(toDockerEvent(tag)).toBe(tag);
  });
});
