import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/*
 * The identical files of one image set, kept in the state dir: layers never change, so the
 * groups depend only on which layers there are and on minBytes, and a restart (or the image set
 * coming back after an image was removed again) reads them instead of reading every layer and
 * hashing again. One file per set of layers and minBytes under <state-dir>/duplicates/; the
 * most recently written few are kept. A file of another version, or one that does not parse,
 * is ignored and written again.
 */

const version = 1;
const dirName = 'duplicates';
const keptFiles = 8;

export interface KeptCopy {
  chainId: string;
  /** Key segments joined by '/'. */
  path: string;
}

export interface KeptFileGroups {
  minBytes: number;
  hashedFiles: number;
  computedAt: string;
  groups: { sha256: string; apparentBytes: number; copies: KeptCopy[] }[];
}

interface GroupsFile extends KeptFileGroups {
  version: number;
  key: string;
}

/** Names the set: minBytes and the layers' chain IDs, in any order. */
export function fileGroupsKey(minBytes: number, chainIds: Iterable<string>): string {
  const hasher = createHash('sha256').update(`${version}\n${minBytes}\n`);
  for (const chainId of [...chainIds].sort()) hasher.update(`${chainId}\n`);
  return hasher.digest('hex');
}

function pathOf(stateDir: string, key: string): string {
  return join(stateDir, dirName, `files-${key}.json`);
}

export async function loadFileGroups(
  stateDir: string,
  key: string,
): Promise<KeptFileGroups | null> {
  try {
    const file = JSON.parse(await readFile(pathOf(stateDir, key), 'utf8')) as GroupsFile;
    if (file.version !== version || file.key !== key || !Array.isArray(file.groups)) return null;
    const { minBytes, hashedFiles, computedAt, groups } = file;
    return { minBytes, hashedFiles, computedAt, groups };
  } catch {
    return null;
  }
}

export async function saveFileGroups(
  stateDir: string,
  key: string,
  groups: KeptFileGroups,
): Promise<void> {
  const dir = join(stateDir, dirName);
  const path = pathOf(stateDir, key);
  await mkdir(dir, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ version, key, ...groups } satisfies GroupsFile));
  await rename(temporary, path);
  // The oldest go: an image set seldom comes back after several others.
  const names = (await readdir(dir)).filter((name) => /^files-[0-9a-f]{64}\.json$/.test(name));
  if (names.length <= keptFiles) return;
  const dated = await Promise.all(
    names.map(async (name) => ({
      name,
      at: await stat(join(dir, name)).then(
        (info) => info.mtimeMs,
        () => 0,
      ),
    })),
  );
  dated.sort((a, b) => b.at - a.at);
  for (const { name } of dated.slice(keptFiles)) await rm(join(dir, name), { force: true });
}
