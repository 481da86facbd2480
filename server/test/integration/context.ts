import type { DataRootBreakdown, DiskUsage, ImageSummary } from '@footprint/shared';
import { expect, inject } from 'vitest';
import { type AppOptions, buildApp } from '../../src/app.js';
import { du } from '../helpers/du.js';
import { PrivateEngine } from '../helpers/private-engine.js';

/** The private engine of this run and the standard fixtures loaded into it. */
export function privateEngine(): PrivateEngine {
  return PrivateEngine.attach(inject('engine'));
}

export function fixtures() {
  return inject('fixtures');
}

/**
 * app.inject sends Host "localhost:80" (light-my-request) and never listens: the Host check
 * accepts it only because tests say so here. A listening test server still checks the real port.
 */
export const injectHost = 'localhost:80';
/** The session token test apps use (FOOTPRINT_TOKEN in production). */
export const testToken = 'test-token-0123456789abcdefghijklmnopqrstuv';

/** The whole app, built as the server builds it, talking to the private engine (or Podman). */
export function appOnPrivateEngine(
  engine: { dockerHost: string } = privateEngine(),
  options: Partial<AppOptions> = {},
) {
  return buildApp({
    dockerHost: engine.dockerHost,
    allowedHosts: [injectHost],
    token: testToken,
    ...options,
  });
}

/** Raw /system/df from the engine itself, in the API version the app negotiates. */
export interface RawDf {
  LayersSize: number;
  Images: {
    Id: string;
    Size: number;
    SharedSize: number;
    Containers: number;
    RepoTags: string[] | null;
  }[];
}

/** Every image the API lists is the engine's /system/df row, to the byte; and no other. */
export function expectImagesAsDf(images: readonly ImageSummary[], df: RawDf): void {
  expect(images).toHaveLength(df.Images.length);
  for (const raw of df.Images) {
    const image = images.find((candidate) => candidate.id === raw.Id);
    expect(image, raw.Id).toBeDefined();
    expect(image?.size).toBe(raw.Size);
    expect(image?.sharedSize).toBe(raw.SharedSize);
    expect(image?.uniqueSize).toBe(raw.Size - raw.SharedSize);
    expect(image?.containers).toBe(raw.Containers);
  }
}

/**
 * A whole measurement whose data root adds up part by part and is what du counts of it on this
 * file system, on disk (-B1) and apparent (-b). Returns the breakdown, for more checks.
 */
export async function expectDataRootAsDu(
  disk: DiskUsage,
  dataRoot: string,
): Promise<DataRootBreakdown> {
  expect(disk.measurement).toMatchObject({ measured: true, partial: false, warnings: [] });
  const breakdown = disk.dataRoot;
  expect(breakdown).not.toBeNull();
  if (breakdown === null) throw new Error('no data root breakdown');
  const sum = breakdown.parts.reduce((total, part) => total + part.diskBytes, 0);
  expect(sum + breakdown.unexplained.diskBytes).toBe(breakdown.diskBytes);
  expect(breakdown.diskBytes).toBe(await du(['-x', '-B1', '-s'], dataRoot));
  expect(breakdown.apparentBytes).toBe(await du(['-x', '-b', '-s'], dataRoot));
  return breakdown;
}
