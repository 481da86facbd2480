import { describe, expect, it } from 'vitest';
import { threeEngines } from '../../../test/engines';
import { enginePagePathFor, engineSection, findEngine } from './engine-labels';

describe('engine pages', () => {
  it('finds the section of a page, with or without an engine prefix', () => {
    expect(engineSection('/')).toBe('/');
    expect(engineSection('/images/sha256:abc/explorer')).toBe('/images');
    expect(engineSection('/engines')).toBe('/');
    expect(engineSection('/engines/b')).toBe('/');
    expect(engineSection('/engines/b/')).toBe('/');
    expect(engineSection('/engines/b/containers/x/changes')).toBe('/containers');
  });

  it('leads to the default engine unprefixed and to the others under /engines/<id>', () => {
    expect(enginePagePathFor('local', 'local', '/images')).toBe('/images');
    expect(enginePagePathFor('local', 'local', '/')).toBe('/');
    expect(enginePagePathFor('b', 'local', '/')).toBe('/engines/b');
    expect(enginePagePathFor('b', 'local', '/volumes')).toBe('/engines/b/volumes');
  });

  it('finds the engine a page shows: by ID, or the default one', () => {
    const list = threeEngines();
    expect(findEngine(list, null)?.id).toBe('local');
    expect(findEngine(list, 'podman')?.id).toBe('podman');
    expect(findEngine(list, 'gone')).toBeUndefined();
  });
});
