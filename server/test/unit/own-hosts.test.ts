import { describe, expect, it } from 'vitest';
import { parseUntil } from '../../src/domain/prune-filters.js';
import { normalizeHost, originHost, ownHosts } from '../../src/security/own-hosts.js';

describe('own hosts', () => {
  it('accepts the loopback aliases with the listening port for a loopback bind', () => {
    expect([...ownHosts({ bindHost: '127.0.0.1', port: 7077, extra: [] })].sort()).toEqual(
      ['127.0.0.1:7077', '[::1]:7077', 'localhost:7077'].sort(),
    );
  });

  it('never accepts a wildcard address as a name, and adds the extra names', () => {
    const own = ownHosts({
      bindHost: '0.0.0.0',
      port: 7077,
      extra: ['dash.lan', 'localhost:8080'],
    });
    expect(own.has('0.0.0.0:7077')).toBe(false);
    expect(own.has('dash.lan:7077')).toBe(true);
    expect(own.has('localhost:8080')).toBe(true);
  });

  it('brackets an IPv6 bind address', () => {
    expect(ownHosts({ bindHost: 'fd00::5', port: 80, extra: [] }).has('[fd00::5]:80')).toBe(true);
  });

  it('normalizes Host and Origin the same way, port 80 when absent', () => {
    expect(normalizeHost('LocalHost')).toBe('localhost:80');
    expect(normalizeHost('[::1]:7077')).toBe('[::1]:7077');
    expect(normalizeHost('evil.example:7077/x')).toBeNull();
    expect(normalizeHost('a b')).toBeNull();
    expect(originHost('http://127.0.0.1:7077')).toBe('127.0.0.1:7077');
    expect(originHost('https://127.0.0.1:7077')).toBeNull();
    expect(originHost('null')).toBeNull();
  });
});

describe('parseUntil', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it.each([
    ['24h', '2026-05-31T12:00:00.000Z'],
    ['1h30m', '2026-06-01T10:30:00.000Z'],
    ['1780315200', '2026-06-01T12:00:00.000Z'],
    ['2026-05-01', '2026-05-01T00:00:00.000Z'],
    ['2026-05-01T06:00:00Z', '2026-05-01T06:00:00.000Z'],
  ])('%s', (value, expected) => {
    expect(parseUntil(value, now)?.toISOString()).toBe(expected);
  });
  it('rejects anything else', () => {
    expect(parseUntil('yesterday', now)).toBeNull();
  });
});
