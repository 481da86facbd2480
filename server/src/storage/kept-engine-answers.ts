import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineDiskUsage, ImageSummary } from '@footprint/shared';
import type { EngineContainerSummary } from '../domain/containers.js';
import type { ImageLayers } from '../domain/types.js';

/*
 * The engine's last answers kept in the state dir (issue #17, "start fast"): at 2,000 images a
 * restart waited 0.3 to 0.6 s for GET /images/json and 1.2 to 1.9 s for GET /system/df before
 * any page had its figures. A restart answers with these at once, labelled as kept with the
 * time they were asked, while the engine is asked again (services/kept-engine.ts).
 */

/** The answers kept, each with when the engine was asked for it. */
export interface KeptEngineAnswers {
  /** The image list's rows (without last use, which the server records itself). */
  images?: { askedAt: string; value: ImageSummary[] };
  /** The rows of `docker system df` (engineMeasuredAt says when they were asked). */
  disk?: { askedAt: string; value: EngineDiskUsage };
  /** Every image's ID and diff IDs. */
  layers?: { askedAt: string; value: ImageLayers[] };
  /** `docker ps -a -s`'s list (every writable layer walked: seconds at 2,000 images). */
  containers?: { askedAt: string; value: EngineContainerSummary[] };
}

interface KeptFile extends KeptEngineAnswers {
  version: 1;
  /** engine.json's identity when written: another engine's answers are never served. */
  engineId: string;
  dockerRootDir: string;
}

const fileName = 'engine-answers.json';
/** Written by state/state-dir.ts once the engine said who it is. */
const identityFile = 'engine.json';

interface Identity {
  engineId: string;
  dockerRootDir: string;
}

/** The engine this state dir belongs to; null when it never said (then nothing is kept). */
async function identityOf(stateDir: string): Promise<Identity | null> {
  try {
    const identity = JSON.parse(await readFile(join(stateDir, identityFile), 'utf8')) as Identity;
    return typeof identity.engineId === 'string' && typeof identity.dockerRootDir === 'string'
      ? identity
      : null;
  } catch {
    return null;
  }
}

/**
 * The answers kept for this state dir's engine; null when there are none, the file is of
 * another format, another engine or data root, or unreadable (as good as none: the engine is
 * asked, as on a first start).
 */
export async function readKeptEngineAnswers(stateDir: string): Promise<KeptEngineAnswers | null> {
  const identity = await identityOf(stateDir);
  if (identity === null) return null;
  try {
    const file = JSON.parse(await readFile(join(stateDir, fileName), 'utf8')) as KeptFile;
    if (
      file.version !== 1 ||
      file.engineId !== identity.engineId ||
      file.dockerRootDir !== identity.dockerRootDir
    ) {
      return null;
    }
    const answers: KeptEngineAnswers = {};
    if (file.images !== undefined && Array.isArray(file.images.value)) answers.images = file.images;
    if (typeof file.disk?.value === 'object' && file.disk.value !== null) answers.disk = file.disk;
    if (file.layers !== undefined && Array.isArray(file.layers.value)) answers.layers = file.layers;
    if (file.containers !== undefined && Array.isArray(file.containers.value)) {
      answers.containers = file.containers;
    }
    return answers;
  } catch {
    return null;
  }
}

/**
 * Writes the answers whole, through a temp file and a rename (a reader never sees half); not at
 * all when the state dir does not say which engine it is for.
 */
export async function writeKeptEngineAnswers(
  stateDir: string,
  answers: KeptEngineAnswers,
): Promise<void> {
  const identity = await identityOf(stateDir);
  if (identity === null) return;
  const file: KeptFile = {
    version: 1,
    engineId: identity.engineId,
    dockerRootDir: identity.dockerRootDir,
    ...answers,
  };
  await mkdir(stateDir, { recursive: true });
  const path = join(stateDir, fileName);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(file));
  await rename(temporary, path);
}
