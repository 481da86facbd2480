/*
 * Image references as the engine accepts them in /images/{name}: a full or short hex ID, or a
 * reference "[registry[:port]/]path[:tag][@digest]" following the grammar of
 * github.com/distribution/reference. Dockerode pastes the value into the URL path unencoded, so
 * nothing else may reach it.
 */
const hexId = /^(?:sha256:)?[0-9a-f]{4,64}$/;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}';
const reference = new RegExp(`^${name}(?::${tag})?(?:@${digest})?$`);

/** The longest reference the engine accepts (name ≤ 255, plus tag and digest). */
const maxReferenceLength = 255 + 1 + 128 + 1 + 135;

export function isImageId(value: string): boolean {
  return hexId.test(value);
}

export function isImageReference(value: string): boolean {
  if (value.length === 0 || value.length > maxReferenceLength) return false;
  // "sha256:" announces an ID; as a repository name it would only mislead.
  if (value.startsWith('sha256:')) return hexId.test(value);
  return hexId.test(value) || reference.test(value);
}
