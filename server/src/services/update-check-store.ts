import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageUpdate, UpdateList, UpdateSettings } from '@footprint/shared';

/*
 * The update checks' results, kept in the engine's state directory (update-checks.json) so a
 * restart shows what was found and when, instead of nothing or, worse, "up to date". No
 * secret is in it: references, digests, states, the registries' own messages.
 */

export type KeptResult = Omit<ImageUpdate, 'tagsChanged'>;
export type KeptRateLimit = UpdateList['rateLimits'][number];

export interface KeptUpdates {
  version: 1;
  settings: UpdateSettings;
  /** When the last run ended (the interval counts from there across restarts). */
  lastRunAt: string | null;
  results: KeptResult[];
  rateLimits: KeptRateLimit[];
}

export const emptyKept = (): KeptUpdates => ({
  version: 1,
  settings: { intervalMinutes: 0 },
  lastRunAt: null,
  results: [],
  rateLimits: [],
});

const fileName = 'update-checks.json';

/** The kept record; an empty one when there is none or it is unreadable (said in `note`). */
export async function readKeptUpdates(
  stateDir: string | null,
): Promise<{ kept: KeptUpdates; note: string | null }> {
  if (stateDir === null) return { kept: emptyKept(), note: null };
  let text: string;
  try {
    text = await readFile(join(stateDir, fileName), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { kept: emptyKept(), note: null };
    return { kept: emptyKept(), note: `could not read ${fileName}: ${(error as Error).message}` };
  }
  try {
    const parsed = JSON.parse(text) as Partial<KeptUpdates>;
    if (parsed.version !== 1 || !Array.isArray(parsed.results)) throw new Error('unknown format');
    const interval = parsed.settings?.intervalMinutes;
    return {
      kept: {
        version: 1,
        settings: {
          intervalMinutes:
            typeof interval === 'number' && Number.isInteger(interval) && interval >= 0
              ? Math.min(interval, 10_080)
              : 0,
        },
        lastRunAt: typeof parsed.lastRunAt === 'string' ? parsed.lastRunAt : null,
        results: parsed.results,
        rateLimits: Array.isArray(parsed.rateLimits) ? parsed.rateLimits : [],
      },
      note: null,
    };
  } catch (error) {
    return { kept: emptyKept(), note: `${fileName} is not readable: ${(error as Error).message}` };
  }
}

/** Written whole to a temp file and renamed over, so a crash leaves the old or the new one. */
export async function writeKeptUpdates(stateDir: string, kept: KeptUpdates): Promise<void> {
  const path = join(stateDir, fileName);
  await writeFile(`${path}.tmp`, `${JSON.stringify(kept)}\n`);
  await rename(`${path}.tmp`, path);
}
