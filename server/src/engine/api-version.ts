/**
 * The newest Engine API version whose response shapes this project maps. API 1.52 (Engine 29)
 * replaced the legacy `/system/df` body with per-type usage objects; asking for 1.51 keeps the
 * legacy shape, which every engine from 20.10 (API 1.41) to 29 serves. Raise this only together
 * with the mappers.
 */
export const newestKnownApiVersion = '1.51';

function parse(version: string): [number, number] {
  const [major = '0', minor = '0'] = version.split('.');
  return [Number(major), Number(minor)];
}

export function compareApiVersions(a: string, b: string): number {
  const [aMajor, aMinor] = parse(a);
  const [bMajor, bMinor] = parse(b);
  return aMajor !== bMajor ? aMajor - bMajor : aMinor - bMinor;
}

/**
 * Version negotiation as the docker CLI does it: the lower of what the engine speaks and what we
 * know. An engine older than 1.41 is still spoken to in its own version.
 */
export function negotiateApiVersion(engineApiVersion: string): string {
  return compareApiVersions(engineApiVersion, newestKnownApiVersion) < 0
    ? engineApiVersion
    : newestKnownApiVersion;
}
