import type { ImageAnalysis } from '@footprint/shared';

/** Limits a CI job sets on an image's analysis; each is checked only when given. */
export interface Thresholds {
  /** Lowest acceptable dive efficiency score, 0–1 (dive's `lowestEfficiency`). */
  minEfficiency: number | null;
  /** Most reclaimable bytes (our count, not dive's) an image may carry. */
  maxWastedBytes: number | null;
}

/** What breaks a threshold, one sentence each; empty when the image passes. */
export function thresholdFailures(analysis: ImageAnalysis, limits: Thresholds): string[] {
  const failures: string[] = [];
  if (limits.minEfficiency !== null && analysis.dive.efficiency < limits.minEfficiency) {
    failures.push(
      `efficiency ${analysis.dive.efficiency.toFixed(4)} is below the minimum ${limits.minEfficiency}`,
    );
  }
  if (limits.maxWastedBytes !== null && analysis.reclaimableBytes > limits.maxWastedBytes) {
    failures.push(
      `${analysis.reclaimableBytes} reclaimable bytes exceed the maximum ${limits.maxWastedBytes}`,
    );
  }
  return failures;
}
