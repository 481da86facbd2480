import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/*
 * The engine's record of which diff a compressed blob unpacks to:
 * <data-root>/image/<driver>/distribution/diffid-by-digest/sha256/<blob hex> holds the diff ID
 * (moby distribution/metadata, V2MetadataService). The engine writes one when it pulls or
 * pushes a blob; `docker load` and builds write none. A pull uses it to find that a layer is
 * already there without downloading it, so a local layer without a record is fetched again.
 */

export type DigestRecords =
  { readable: true; records: Map<string, string> } | { readable: false; reason: string };

const digestPattern = /^sha256:([0-9a-f]{64})$/;

/** The records for the given digests (those that have one); unreadable: why. */
export async function readDigestRecords(
  location: { dataRoot: string; driver: string } | { reason: string },
  digests: readonly string[],
): Promise<DigestRecords> {
  if ('reason' in location) return { readable: false, reason: location.reason };
  const dir = join(
    location.dataRoot,
    'image',
    location.driver,
    'distribution',
    'diffid-by-digest',
    'sha256',
  );
  const imageDir = join(location.dataRoot, 'image', location.driver);
  try {
    // The image store itself must be there: a data root not mounted here has no records
    // either, and that would read as "the engine knows none of them".
    await access(imageDir, constants.R_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { readable: false, reason: `${imageDir} is not readable here (${code}).` };
  }
  const records = new Map<string, string>();
  for (const digest of new Set(digests)) {
    const hex = digestPattern.exec(digest)?.[1];
    if (hex === undefined) continue;
    try {
      const diffId = (await readFile(join(dir, hex), 'utf8')).trim();
      if (digestPattern.test(diffId)) records.set(digest, diffId);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // No record for this blob (or none at all yet: a fresh engine has no distribution/).
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      return {
        readable: false,
        reason:
          `${dir} could not be read (${code ?? 'error'}): whether the engine knows these ` +
          'blobs is not known.',
      };
    }
  }
  return { readable: true, records };
}
