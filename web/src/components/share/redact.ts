/**
 * A reference without its registry host, for screenshots that leave the team:
 * "registry.example:5000/team/app:1" → "…/team/app:1". The first path component is a registry
 * host when it has a "." or a ":" or is "localhost" (distribution/reference's rule); Docker
 * Hub names ("debian:12", "team/app:1") have none and stay as they are.
 */
export function hideRegistryHost(reference: string): string {
  const slash = reference.indexOf('/');
  if (slash === -1) return reference;
  const first = reference.slice(0, slash);
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost';
  return isHost ? `…${reference.slice(slash)}` : reference;
}
