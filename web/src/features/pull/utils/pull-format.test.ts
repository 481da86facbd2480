import { describe, expect, it } from 'vitest';
import { downloadFraction, etaText, parsePlatform, rateText, shortDigest } from './pull-format';

describe('pull-format', () => {
  it('parses os/architecture[/variant], empty as the engine’s own', () => {
    expect(parsePlatform('')).toBeNull();
    expect(parsePlatform('linux/arm64')).toEqual({
      os: 'linux',
      architecture: 'arm64',
      variant: null,
    });
    expect(parsePlatform('linux/arm/v7')).toEqual({
      os: 'linux',
      architecture: 'arm',
      variant: 'v7',
    });
    expect(parsePlatform('linux')).toBe('invalid');
    expect(parsePlatform('Linux/AMD64')).toBe('invalid');
  });

  it('words the rate and the time left, saying when they are not known', () => {
    expect(rateText(null)).toBe('rate not known yet');
    expect(rateText(1_500_000)).toBe('1.5MB/s');
    expect(etaText(null)).toBe('time left not known yet');
    expect(etaText(12.4)).toBe('about 12 s left');
    expect(etaText(600)).toBe('about 10 min left');
  });

  it('weighs the download by bytes: 300 of 1,200 is a quarter', () => {
    expect(
      downloadFraction({
        totals: {
          downloadTotalBytes: 1200,
          downloadedBytes: 300,
          extractLayersTotal: 2,
          extractedLayers: 0,
          bytesPerSecond: null,
          etaSeconds: null,
        },
      }),
    ).toBe(0.25);
    expect(
      downloadFraction({
        totals: {
          downloadTotalBytes: 0,
          downloadedBytes: 0,
          extractLayersTotal: 0,
          extractedLayers: 0,
          bytesPerSecond: null,
          etaSeconds: null,
        },
      }),
    ).toBe(1);
    expect(shortDigest(`sha256:${'ab'.repeat(32)}`)).toBe('abababababab');
  });
});
