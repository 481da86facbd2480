import type { LabelFilter, Labels } from './prune-types.js';

/*
 * The engine's prune filters, `until` and `label` / `label!`, with the engine's meaning
 * (moby api/types/filters and pkg/timestamp GetTimestamp), applied to plain data.
 */

const durationUnitsMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const goDuration = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const durationPart = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;

/**
 * The instant `until` names: a Go duration ago ("24h", "1h30m"), Unix seconds, or an ISO date
 * or date-time. Null when it is none of these.
 */
export function parseUntil(value: string, now: Date): Date | null {
  const text = value.trim();
  if (goDuration.test(text)) {
    let ms = 0;
    for (const [, amount, unit] of text.matchAll(durationPart)) {
      ms += Number(amount) * (durationUnitsMs[unit as string] ?? 0);
    }
    return new Date(now.getTime() - ms);
  }
  if (/^\d+(?:\.\d+)?$/.test(text)) return new Date(Number(text) * 1000);
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const parsed = new Date(text.includes('T') || text.includes(' ') ? text : `${text}T00:00:00Z`);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  return null;
}

/** "key" or "key=value", as `--filter label=…` takes it. */
export function parseLabelFilter(value: string): LabelFilter {
  const index = value.indexOf('=');
  return index === -1
    ? { key: value, value: null }
    : { key: value.slice(0, index), value: value.slice(index + 1) };
}

function hasLabel(labels: Labels, filter: LabelFilter): boolean {
  if (!Object.hasOwn(labels, filter.key)) return false;
  return filter.value === null || labels[filter.key] === filter.value;
}

/** Every `label` filter matches and no `label!` filter does. */
export function matchesLabels(labels: Labels, label: LabelFilter[], notLabel: LabelFilter[]) {
  return label.every((f) => hasLabel(labels, f)) && !notLabel.some((f) => hasLabel(labels, f));
}

/** Created before `until` (or no `until`); an unknown creation time never matches a cutoff. */
export function createdBefore(created: string | null, until: Date | null): boolean {
  if (until === null) return true;
  if (created === null) return false;
  return new Date(created).getTime() < until.getTime();
}
