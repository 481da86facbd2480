import { existsSync, readdirSync } from 'node:fs';
import { lstat, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataRootBreakdown, Orphans, ScanWarning } from '@footprint/shared';
import type { ContainerDiskFacts } from '../domain/containers.js';
import type { Figures } from '../domain/data-root-breakdown.js';

/*
 * The last complete measurement of the data root, kept in the state dir so that a restart
 * answers with it at once, labelled as kept and with the time it was taken, while its first scan
 * measures again in the background (image layers from the layer cache, scan-cache.ts; everything
 * that can change without an image event, container layers first, read again). Without it the
 * pages had no disk figures until that scan was done.
 *
 * Only the figures the answers are made of are kept, not the scan's entries: the first scan
 * after a start is an ordinary scan, which replaces these as soon as it is done.
 */

/** The figures of one measurement, as the answers use them. */
export interface MeasuredFigures {
  measuredAt: string;
  dataRoot: string;
  breakdown: DataRootBreakdown;
  orphans: Orphans;
  /** Every directory of overlay2/ by name, as `du -s` of that directory. */
  overlayDirs: Map<string, Figures>;
  containers: Map<string, ContainerDiskFacts>;
  warnings: ScanWarning[];
  vanishedEntries: number;
  mountsSkipped: number;
}

/** A measurement read back from the state dir. */
export interface KeptMeasurement extends MeasuredFigures {
  /** Layer directories by chain ID, from the layer metadata of that scan. */
  cacheIdByChain: Map<string, string>;
}

interface KeptFile {
  version: 1;
  /** st_dev of the data root: another disk mounted at the same path is another data root. */
  device: string;
  measuredAt: string;
  dataRoot: string;
  breakdown: DataRootBreakdown;
  orphans: Orphans;
  overlayDirs: [string, Figures][];
  containers: [string, ContainerDiskFacts][];
  warnings: ScanWarning[];
  vanishedEntries: number;
  mountsSkipped: number;
  cacheIdByChain: [string, string][];
}

const fileName = 'disk-measurement.json';

/**
 * Whether an engine's state directory under the state root holds a measurement kept from an
 * earlier run: the start is then a warm one (server.ts). Synchronous, a directory listing and a
 * stat per engine, before the server loads.
 */
export function anyKeptMeasurement(enginesDir: string): boolean {
  try {
    return readdirSync(enginesDir).some((name) => existsSync(join(enginesDir, name, fileName)));
  } catch {
    return false;
  }
}

/**
 * The kept measurement of this data root, when the file is there, readable and of this data
 * root on the same device; null otherwise (a damaged file is as good as none: the first scan
 * measures everything and writes it again).
 */
export async function readKeptMeasurement(
  stateDir: string,
  dataRoot: string,
): Promise<KeptMeasurement | null> {
  try {
    const file = JSON.parse(await readFile(join(stateDir, fileName), 'utf8')) as KeptFile;
    if (file.version !== 1 || file.dataRoot !== dataRoot) return null;
    if ((await lstat(dataRoot, { bigint: true })).dev.toString() !== file.device) return null;
    return {
      measuredAt: file.measuredAt,
      dataRoot: file.dataRoot,
      breakdown: file.breakdown,
      orphans: file.orphans,
      overlayDirs: new Map(file.overlayDirs),
      containers: new Map(file.containers),
      warnings: file.warnings,
      vanishedEntries: file.vanishedEntries,
      mountsSkipped: file.mountsSkipped,
      cacheIdByChain: new Map(file.cacheIdByChain),
    };
  } catch {
    return null;
  }
}

/** Writes the measurement (whole, through a temp file and a rename: a reader never sees half). */
export async function writeKeptMeasurement(
  stateDir: string,
  device: string,
  figures: MeasuredFigures,
  cacheIdByChain: ReadonlyMap<string, string>,
): Promise<void> {
  const file: KeptFile = {
    version: 1,
    device,
    measuredAt: figures.measuredAt,
    dataRoot: figures.dataRoot,
    breakdown: figures.breakdown,
    orphans: figures.orphans,
    overlayDirs: [...figures.overlayDirs],
    containers: [...figures.containers],
    warnings: figures.warnings,
    vanishedEntries: figures.vanishedEntries,
    mountsSkipped: figures.mountsSkipped,
    cacheIdByChain: [...cacheIdByChain],
  };
  await mkdir(stateDir, { recursive: true });
  const path = join(stateDir, fileName);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(file));
  await rename(temporary, path);
}
