import { BadRequestError } from '../errors.js';

/**
 * Image references as the docker CLI reads them (github.com/distribution/reference,
 * ParseNormalizedNamed + TagNameOnly): `busybox` is docker.io/library/busybox:latest. Pure.
 */
export interface ImageRef {
  /** `docker.io` for Docker Hub (never index.docker.io), else host[:port] as written. */
  registry: string;
  /** The path inside the registry, `library/busybox` for Hub's official images. */
  repository: string;
  /** Null only when a digest is given without a tag. */
  tag: string | null;
  digest: string | null;
}

const maxNameLength = 255;
// distribution/reference regexp.go: path components are lowercase alphanumerics joined by
// one separator ('.', '_', '__' or dashes); the domain is host names or a bracketed IPv6
// address with an optional port; tags are 1-128 word characters, dots and dashes.
const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const domainPattern =
  /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

function bad(text: string, why: string): BadRequestError {
  return new BadRequestError(
    'BAD_REFERENCE',
    `"${text.slice(0, 300)}" is not an image reference: ${why}.`,
  );
}

export function parseImageReference(text: string): ImageRef {
  const input = text.trim();
  if (input === '') throw bad(text, 'it is empty');
  let rest = input;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestPattern.test(digest)) throw bad(text, `"${digest.slice(0, 80)}" is not a digest`);
    const [algorithm, hex = ''] = digest.split(':');
    if (algorithm === 'sha256' && !/^[0-9a-f]{64}$/.test(hex)) {
      throw bad(text, 'a sha256 digest is 64 lowercase hex characters');
    }
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!tagPattern.test(tag)) {
      throw bad(
        text,
        'a tag is 1-128 letters, digits, "_", "." or "-", not starting with "." or "-"',
      );
    }
  }
  // splitDockerDomain: the first component is a registry only when it looks like a host
  // (a dot, a port, "localhost", or an uppercase letter, which a repository cannot have).
  let registry = 'docker.io';
  let repository = rest;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first) {
      registry = first;
      repository = rest.slice(slash + 1);
    }
  }
  if (!domainPattern.test(registry)) throw bad(text, `"${registry}" is not a registry host`);
  if (registry === 'index.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  if (repository.toLowerCase() !== repository) {
    throw bad(text, 'repository names must be lowercase');
  }
  if (!repository.split('/').every((component) => pathComponent.test(component))) {
    throw bad(
      text,
      'a repository is lowercase letters and digits, separated by "/", ".", "_" or "-"',
    );
  }
  if (`${registry}/${repository}`.length > maxNameLength) {
    throw bad(text, `the name is longer than ${maxNameLength} characters`);
  }
  // TagNameOnly: a name without tag or digest means :latest; a digest alone keeps no tag.
  if (tag === null && digest === null) tag = 'latest';
  return { registry, repository, tag, digest };
}

/** The name `docker images` shows: Hub's registry and `library/` left out. */
export function familiarRepository(ref: Pick<ImageRef, 'registry' | 'repository'>): string {
  if (ref.registry !== 'docker.io') return `${ref.registry}/${ref.repository}`;
  return ref.repository.startsWith('library/') && ref.repository.split('/').length === 2
    ? ref.repository.slice('library/'.length)
    : ref.repository;
}

/** `busybox:latest`, `127.0.0.1:5000/a:t`, `a@sha256:...`, as the docker CLI prints them. */
export function familiarName(ref: ImageRef): string {
  let name = familiarRepository(ref);
  if (ref.tag !== null) name += `:${ref.tag}`;
  if (ref.digest !== null) name += `@${ref.digest}`;
  return name;
}

/** Whether a registry host is on the loopback, which the engine treats as insecure. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = hostOf(registry);
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** The host without its port (brackets of an IPv6 literal removed). */
export function hostOf(registry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(registry);
  if (bracketed?.[1] !== undefined) return bracketed[1].toLowerCase();
  return registry.replace(/:\d+$/, '').toLowerCase();
}

/**
 * Where the registry's /v2/ API answers. Docker Hub's API is registry-1.docker.io; the engine
 * treats 127.0.0.0/8 and localhost as insecure registries (plain HTTP allowed; moby
 * registry/config.go's default insecure CIDR), so those default to http:// here; the client
 * still tries HTTPS first when a CA for the host is in the certs dir.
 */
export function registryApiBase(registry: string): string {
  if (registry === 'docker.io') return 'https://registry-1.docker.io';
  return `${isLoopbackRegistry(registry) ? 'http' : 'https'}://${registry}`;
}

/** The key the docker CLI keeps a registry's credentials under in config.json and helpers. */
export const dockerHubCredentialKey = 'https://index.docker.io/v1/';

export function credentialKey(registry: string): string {
  return registry === 'docker.io' ? dockerHubCredentialKey : registry;
}

/**
 * The registry a config.json key names, as the CLI's ConvertToHostname does: scheme and path
 * dropped (`https://index.docker.io/v1/` is Hub).
 */
export function registryOfCredentialKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? key;
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}
