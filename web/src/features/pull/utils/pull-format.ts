import type { PullLayerPhase, PullPhase, PullState } from '@footprint/shared';
import { humanBytes } from '@footprint/shared';

export const layerPhaseLabels: Record<PullLayerPhase, string> = {
  waiting: 'waiting',
  downloading: 'downloading',
  verifying: 'verifying',
  downloaded: 'downloaded',
  extracting: 'extracting',
  done: 'pulled',
  exists: 'already on this engine',
};

export const pullPhaseLabels: Record<PullPhase, string> = {
  measuring: 'Measuring the data root before the pull…',
  pulling: 'Pulling',
  done: 'Pulled',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** "1.2MB/s"; null rate: not known yet. */
export function rateText(bytesPerSecond: number | null): string {
  return bytesPerSecond === null
    ? 'rate not known yet'
    : `${humanBytes(Math.round(bytesPerSecond), 3)}/s`;
}

/** "about 12 s left", "about 3 min left"; null: not known yet. */
export function etaText(seconds: number | null): string {
  if (seconds === null) return 'time left not known yet';
  if (seconds < 1) return 'less than a second left';
  if (seconds < 90) return `about ${Math.round(seconds)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

/** The download phase's share, 0..1, by bytes (the total was known before the first message). */
export function downloadFraction(state: Pick<PullState, 'totals'>): number {
  const { downloadTotalBytes, downloadedBytes } = state.totals;
  if (downloadTotalBytes === 0) return 1;
  return Math.min(1, downloadedBytes / downloadTotalBytes);
}

/** "os/architecture[/variant]" from the text field; empty: the engine's own (null). */
export function parsePlatform(
  text: string,
): { os: string; architecture: string; variant: string | null } | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const parts = trimmed.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => !/^[a-z0-9._-]+$/.test(part))) {
    return 'invalid';
  }
  const [os = '', architecture = '', variant] = parts;
  return { os, architecture, variant: variant ?? null };
}

export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
