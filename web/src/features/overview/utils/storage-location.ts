import type { DiskMeasurement, Health } from '@footprint/shared';

export type EngineKind = 'linux' | 'desktop' | 'rootless';

/** Which of the three explanations applies: Docker Desktop's VM, a rootless engine, or Linux. */
export function engineKind(
  health: Health | undefined,
  measurement: DiskMeasurement | undefined,
): EngineKind {
  if (/docker desktop/i.test(health?.engine.os ?? '')) return 'desktop';
  if (measurement?.rootless) return 'rootless';
  return 'linux';
}
