import { createHash, createHmac } from 'node:crypto';

/*
 * OpenSSH's known_hosts, read the way ssh reads it (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), so an
 * engine over ssh trusts exactly the hosts the person's own `ssh` trusts. ssh2 checks no host key
 * by itself: without this, any machine answering on the address would be handed the engine's
 * traffic. Only what decides trust is read: host patterns (plain, wildcards, negations,
 * `[host]:port`, hashed `|1|salt|hash`), @revoked; @cert-authority lines are skipped (ssh2 does
 * not present host certificates).
 */

export interface KnownHostEntry {
  /** 1-based line in the file, for the message that says which line to remove. */
  line: number;
  marker: 'revoked' | null;
  patterns: string;
  keyType: string;
  key: Buffer;
}

export type HostKeyVerdict =
  | { kind: 'known' }
  | { kind: 'unknown' }
  | { kind: 'changed'; line: number }
  | { kind: 'revoked'; line: number };

/** The name known_hosts files use for a host: `host` on port 22, else `[host]:port`. */
export function knownHostName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return;
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0].startsWith('@')) {
      if (fields[0] !== '@revoked') return;
      marker = 'revoked';
      fields.shift();
    }
    const [patterns, keyType, key] = fields;
    if (patterns === undefined || keyType === undefined || key === undefined) return;
    entries.push({ line: index + 1, marker, patterns, keyType, key: Buffer.from(key, 'base64') });
  });
  return entries;
}

/** Whether one entry's host field names this host (sshd(8) PATTERNS; a negation wins). */
export function entryMatches(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) return hashedMatches(patterns, name);
  let matched = false;
  for (const pattern of patterns.split(',')) {
    const negated = pattern.startsWith('!');
    if (!globToRegExp(negated ? pattern.slice(1) : pattern).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function hashedMatches(field: string, name: string): boolean {
  const [, , salt, hash] = field.split('|');
  if (salt === undefined || hash === undefined) return false;
  const computed = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return computed === hash;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** The key type named inside an ssh public key blob (its first string, RFC 4253 6.6). */
export function blobKeyType(blob: Buffer): string {
  if (blob.length < 4) return '';
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('latin1');
}

/** OpenSSH's fingerprint, as `ssh-keygen -lf` prints it: SHA256:<base64 without padding>. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * ssh's verdict on the key a host presented: known when a line for this host has this very key;
 * changed when a line for this host has another key of the same type (ssh's "REMOTE HOST
 * IDENTIFICATION HAS CHANGED"); revoked when an @revoked line lists the key; unknown otherwise.
 */
export function verifyHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  presented: Buffer,
): HostKeyVerdict {
  const name = knownHostName(host, port);
  const type = blobKeyType(presented);
  const revoked = entries.find(
    (entry) => entry.marker === 'revoked' && entry.key.equals(presented),
  );
  if (revoked !== undefined) return { kind: 'revoked', line: revoked.line };
  const forHost = entries.filter(
    (entry) => entry.marker === null && entryMatches(entry.patterns, name),
  );
  if (forHost.some((entry) => entry.key.equals(presented))) return { kind: 'known' };
  const other = forHost.find((entry) => entry.keyType === type);
  return other === undefined ? { kind: 'unknown' } : { kind: 'changed', line: other.line };
}

/**
 * The host key algorithms to ask this host for: those of the key types known_hosts has for it,
 * as ssh orders its HostKeyAlgorithms to prefer known ones. Otherwise a host known by its RSA
 * key, asked for ed25519 first, would look unknown. Empty when the host is not listed at all.
 */
export function knownHostKeyAlgorithms(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
): string[] {
  const name = knownHostName(host, port);
  const types = new Set(
    entries
      .filter((entry) => entry.marker === null && entryMatches(entry.patterns, name))
      .map((entry) => entry.keyType),
  );
  // An RSA key signs with SHA-2 under these names (RFC 8332); plain ssh-rsa is SHA-1's.
  return [...types].flatMap((type) =>
    type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type],
  );
}
