import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  entryMatches,
  fingerprint,
  knownHostKeyAlgorithms,
  knownHostName,
  parseKnownHosts,
  verifyHostKey,
} from '../../src/engine/known-hosts.js';

/** An ssh public key blob of `type` (string type, then arbitrary key bytes). */
function blob(type: string, seed: string): Buffer {
  const name = Buffer.from(type);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return Buffer.concat([length, name, Buffer.from(seed.repeat(8))]);
}

const ed = blob('ssh-ed25519', 'host-a');
const edOther = blob('ssh-ed25519', 'host-b');
const rsa = blob('ssh-rsa', 'host-a');

function hashed(name: string, salt: Buffer): string {
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash}`;
}

describe('known_hosts', () => {
  it('names a host as ssh does: bare on port 22, [host]:port otherwise, lowercase', () => {
    expect(knownHostName('Build.Example', 22)).toBe('build.example');
    expect(knownHostName('10.0.0.5', 2222)).toBe('[10.0.0.5]:2222');
  });

  it('matches plain lists, wildcards and negations (a negation wins)', () => {
    expect(entryMatches('a.example,build.example', 'build.example')).toBe(true);
    expect(entryMatches('*.example', 'build.example')).toBe(true);
    expect(entryMatches('build?.example', 'build1.example')).toBe(true);
    expect(entryMatches('*.example,!build.example', 'build.example')).toBe(false);
    expect(entryMatches('[10.0.0.5]:2222', '[10.0.0.5]:2222')).toBe(true);
    expect(entryMatches('10.0.0.5', '[10.0.0.5]:2222')).toBe(false);
  });

  it('matches a hashed entry only for the name it hashes', () => {
    const field = hashed('[10.0.0.5]:2222', Buffer.from('0123456789abcdefghij'));
    expect(entryMatches(field, '[10.0.0.5]:2222')).toBe(true);
    expect(entryMatches(field, '10.0.0.5')).toBe(false);
  });

  it('tells a known key from an unknown host, a changed key and a revoked one', () => {
    const text = [
      '# comment',
      '',
      `build.example ssh-ed25519 ${ed.toString('base64')} root@build`,
      `@cert-authority *.example ssh-ed25519 ${edOther.toString('base64')}`,
      `@revoked * ssh-rsa ${rsa.toString('base64')}`,
    ].join('\n');
    const entries = parseKnownHosts(text);
    expect(entries).toHaveLength(2);
    expect(verifyHostKey(entries, 'build.example', 22, ed)).toEqual({ kind: 'known' });
    expect(verifyHostKey(entries, 'other.example', 22, ed)).toEqual({ kind: 'unknown' });
    expect(verifyHostKey(entries, 'build.example', 22, edOther)).toEqual({
      kind: 'changed',
      line: 3,
    });
    expect(verifyHostKey(entries, 'build.example', 22, rsa)).toEqual({ kind: 'revoked', line: 5 });
    // Another port is another entry in ssh's eyes.
    expect(verifyHostKey(entries, 'build.example', 2222, ed)).toEqual({ kind: 'unknown' });
  });

  it('asks a host for the key types known_hosts has for it (RSA under its SHA-2 names too)', () => {
    const entries = parseKnownHosts(`[h]:2222 ssh-rsa ${rsa.toString('base64')}\n`);
    expect(knownHostKeyAlgorithms(entries, 'h', 2222)).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ]);
    expect(knownHostKeyAlgorithms(entries, 'h', 22)).toEqual([]);
  });

  it('prints the fingerprint as ssh-keygen -l does', () => {
    expect(fingerprint(ed)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});
