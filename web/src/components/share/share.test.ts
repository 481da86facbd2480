import { describe, expect, it } from 'vitest';
import { captionText, exportFileName } from './caption';
import { hideRegistryHost } from './redact';

describe('hideRegistryHost', () => {
  it('hides a registry host, keeps Docker Hub names', () => {
    expect(hideRegistryHost('registry.example:5000/team/app:1')).toBe('…/team/app:1');
    expect(hideRegistryHost('localhost/app:1')).toBe('…/app:1');
    expect(hideRegistryHost('team/app:1')).toBe('team/app:1');
    expect(hideRegistryHost('debian:12')).toBe('debian:12');
  });
});

describe('caption', () => {
  const date = new Date('2024-05-01T09:30:00Z');
  it('says what and when; the host only when asked', () => {
    expect(captionText({ title: 'Images', date, host: null, registryHidden: false })).toBe(
      'docker-footprint · Images · 2024-05-01 09:30 UTC',
    );
    expect(captionText({ title: 'Images', date, host: 'build-1', registryHidden: true })).toBe(
      'docker-footprint · Images · 2024-05-01 09:30 UTC · host build-1 · registry hosts hidden',
    );
    expect(exportFileName('Footprint by category', date, 'png')).toBe(
      'docker-footprint-footprint-by-category-2024-05-01.png',
    );
  });
});
