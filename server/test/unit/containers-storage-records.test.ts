import { describe, expect, it } from 'vitest';
import { chainIds } from '../../src/domain/layers.js';
import {
  layerStack,
  mapStorage,
  orphanLayerDirectories,
  parseContainers,
  parseImages,
  parseLayers,
} from '../../src/storage/backends/containers-storage/storage-records.js';

/*
 * containers/storage's JSON records, in the shape Podman 4.3 wrote them (field names as in its
 * layers.json, images.json and containers.json), parsed and mapped by hand-built stores.
 */

const id = (char: string) => char.repeat(64);
const digest = (char: string) => `sha256:${char.repeat(64)}`;

const layersJson = JSON.stringify([
  {
    id: id('1'),
    created: '2026-12-07T08:53:07Z',
    'compressed-diff-digest': digest('a'),
    'compressed-size': 246_784,
    'diff-digest': digest('a'),
    'diff-size': 246_784,
    uidset: [0],
  },
  {
    id: id('2'),
    parent: id('1'),
    'diff-digest': digest('b'),
    'diff-size': 52_224,
    'compressed-size': 52_224,
  },
  // A container's writable layer: no digest, no size.
  { id: id('3'), parent: id('2'), names: ['c-layer'] },
]);

describe('parse', () => {
  it('reads layer records with their sizes and digests; volatile ones say so', () => {
    const [bottom, top, container] = parseLayers(layersJson, 'layers.json');
    expect(bottom).toEqual({
      id: id('1'),
      parent: null,
      names: [],
      diffDigest: digest('a'),
      diffSize: 246_784,
      compressedSize: 246_784,
      compressedDigest: digest('a'),
      volatile: false,
      created: '2026-12-07T08:53:07Z',
      incomplete: false,
    });
    expect(top?.parent).toBe(id('1'));
    expect(container).toMatchObject({ diffDigest: null, diffSize: null, names: ['c-layer'] });
    expect(parseLayers(layersJson, 'volatile-layers.json', true)[0]?.volatile).toBe(true);
  });

  it('reads a layer still being written (flags.incomplete, as Podman 4.3 wrote it) as incomplete', () => {
    const written = JSON.stringify([
      { id: id('4'), created: '2026-12-07T18:21:54Z', flags: { incomplete: true } },
      { id: id('5'), flags: { incomplete: false } },
      { id: id('6'), flags: { incomplete: 'true' } },
      { id: id('7'), flags: null },
    ]);
    expect(parseLayers(written, 'layers.json').map((layer) => layer.incomplete)).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it('reads an empty or null file as no records, and says which file is not JSON', () => {
    expect(parseLayers('', 'layers.json')).toEqual([]);
    expect(parseLayers('null', 'layers.json')).toEqual([]);
    expect(() => parseLayers('{', '/g/overlay-layers/layers.json')).toThrow(
      /overlay-layers\/layers\.json is not JSON/,
    );
    expect(() => parseImages('{}', 'images.json')).toThrow(/images\.json is not a list/);
  });

  it('reads images with their top and mapped layers, and containers with their layer', () => {
    const [image] = parseImages(
      JSON.stringify([
        {
          id: id('9'),
          names: ['localhost/app:1'],
          layer: id('2'),
          'mapped-layers': [id('5')],
          digest: digest('d'),
          'big-data-sizes': { manifest: 426, bogus: 'x' },
        },
      ]),
      'images.json',
    );
    expect(image).toEqual({
      id: id('9'),
      names: ['localhost/app:1'],
      topLayer: id('2'),
      mappedLayers: [id('5')],
      digest: digest('d'),
      bigDataSizes: { manifest: 426 },
    });
    expect(
      parseContainers(
        JSON.stringify([
          { id: id('c'), names: ['web'], image: id('9'), layer: id('3') },
          { id: id('d') },
        ]),
        'containers.json',
      ),
    ).toEqual([{ id: id('c'), names: ['web'], image: id('9'), layer: id('3') }]);
  });
});

describe('mapStorage', () => {
  const layers = parseLayers(layersJson, 'layers.json');
  const images = parseImages(
    JSON.stringify([
      { id: id('8'), layer: id('1') },
      { id: id('9'), layer: id('2') },
    ]),
    'images.json',
  );
  const containers = parseContainers(
    JSON.stringify([{ id: id('c'), image: id('9'), layer: id('3') }]),
    'containers.json',
  );

  it('maps each layer to the images whose stack holds it, and the container layer to its container', () => {
    const map = mapStorage(layers, images, containers);
    expect(map.layersOfImage.get(`sha256:${id('9')}`)).toEqual([id('1'), id('2')]);
    expect(map.imagesOfLayer.get(id('1'))).toEqual([`sha256:${id('8')}`, `sha256:${id('9')}`]);
    expect(map.imagesOfLayer.get(id('2'))).toEqual([`sha256:${id('9')}`]);
    expect(map.containerOfLayer.get(id('3'))).toBe(id('c'));
  });

  it('names image layers by chain ID (bottom: its diff ID) and container layers not at all', () => {
    const map = mapStorage(layers, images, containers);
    const chain = chainIds([digest('a'), digest('b')]);
    expect(map.chainOfLayer.get(id('1'))).toBe(digest('a'));
    expect(map.chainOfLayer.get(id('2'))).toBe(chain[1]);
    expect(map.layerOfChain.get(chain[1] as string)).toBe(id('2'));
    expect(map.chainOfLayer.has(id('3'))).toBe(false);
  });

  it('counts a mapped copy of the top layer for the image too', () => {
    const mapped = [...layers, { ...(layers[1] as (typeof layers)[number]), id: id('5') }];
    const withCopy = parseImages(
      JSON.stringify([{ id: id('9'), layer: id('2'), 'mapped-layers': [id('5')] }]),
      'images.json',
    );
    const map = mapStorage(mapped, withCopy, []);
    expect(map.imagesOfLayer.get(id('5'))).toEqual([`sha256:${id('9')}`]);
    // The first record of a chain keeps its name.
    expect(map.layerOfChain.get(map.chainOfLayer.get(id('5')) as string)).toBe(id('2'));
  });

  it('stops at a missing parent or a loop', () => {
    const broken = parseLayers(
      JSON.stringify([
        { id: id('1'), parent: id('0'), 'diff-digest': digest('a') },
        { id: id('6'), parent: id('7'), 'diff-digest': digest('a') },
        { id: id('7'), parent: id('6'), 'diff-digest': digest('b') },
      ]),
      'layers.json',
    );
    const byId = new Map(broken.map((layer) => [layer.id, layer]));
    expect(layerStack(id('1'), byId).map((layer) => layer.id)).toEqual([id('1')]);
    expect(layerStack(id('6'), byId).map((layer) => layer.id)).toEqual([id('7'), id('6')]);
    // Neither stack reaches a bottom layer: no chain ID is made up for them.
    expect(mapStorage(broken, [], []).chainOfLayer.size).toBe(0);
  });
});

describe('orphanLayerDirectories', () => {
  it('lists the directories no record names, l/ aside', () => {
    const layers = parseLayers(layersJson, 'layers.json');
    expect(orphanLayerDirectories(['l', id('1'), id('2'), id('3'), id('f')], layers)).toEqual([
      id('f'),
    ]);
  });
});
