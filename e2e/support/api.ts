import type { DiskUsage } from '@footprint/shared';
import { type APIRequestContext, expect } from '@playwright/test';

/** GET a JSON route of the dashboard's API, failing the test on any error status. */
export async function api<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path);
  expect(response.ok(), path).toBe(true);
  return (await response.json()) as T;
}

/** The first GET /api/disk starts the scan; wait until the data root is measured. */
export async function measuredDisk(request: APIRequestContext): Promise<DiskUsage> {
  let disk = await api<DiskUsage>(request, '/api/disk');
  for (let tries = 0; !disk.measurement.measured && tries < 60; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    disk = await api<DiskUsage>(request, '/api/disk');
  }
  expect(disk.measurement.measured, disk.measurement.reason ?? '').toBe(true);
  return disk;
}
