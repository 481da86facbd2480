import { describe, expect, it } from 'vitest';
import { normalizeRegistryHost } from '../../src/services/registry-list.js';

describe('a registry address as a person types it', () => {
  it('becomes host[:port], as docker names registries', () => {
    expect(normalizeRegistryHost('127.0.0.1:5000')).toBe('127.0.0.1:5000');
    expect(normalizeRegistryHost(' http://127.0.0.1:5000/ ')).toBe('127.0.0.1:5000');
    expect(normalizeRegistryHost('https://Registry.Example.com/v2/')).toBe('registry.example.com');
    expect(normalizeRegistryHost('https://index.docker.io/v1/')).toBe('docker.io');
    expect(normalizeRegistryHost('[::1]:5000')).toBe('[::1]:5000');
  });

  it('refuses what is not a registry address, saying what is expected', () => {
    for (const bad of ['', 'a b', 'user:pass@host', 'host:99999', '-bad-.example', 'a_b.example']) {
      expect(() => normalizeRegistryHost(bad), bad).toThrow(/host\[:port\]/);
    }
  });
});
