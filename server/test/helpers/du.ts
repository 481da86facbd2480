import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * GNU du's figure for `paths`, with `args` as given (`-B1`: bytes on disk, as `diskBytes`; `-b`:
 * apparent bytes; `-x`: one file system; `-s`: one total per path): what an on-disk figure of
 * the dashboard must equal. Several paths are counted in one invocation with `-c` (a file
 * hard-linked into two of them once) and the grand total is answered; no path at all is 0 (du
 * would measure the working directory).
 */
export async function du(args: readonly string[], ...paths: string[]): Promise<number> {
  if (paths.length === 0) return 0;
  const several = paths.length > 1;
  const { stdout } = await run('du', [...args, ...(several ? ['-c'] : []), ...paths]);
  const line = several ? (stdout.trimEnd().split('\n').at(-1) ?? '') : stdout;
  if (several && !line.endsWith('\ttotal')) throw new Error(`du printed no total:\n${stdout}`);
  const bytes = Number(line.split('\t')[0]);
  if (!Number.isSafeInteger(bytes)) throw new Error(`du printed no figure:\n${stdout}`);
  return bytes;
}
