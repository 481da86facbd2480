import type { IdleEvidence, UnusedAnswer } from '@footprint/shared';

const dayMs = 86_400_000;

/**
 * A span of days in words, truncated as the docker CLI truncates ages (go-units HumanDuration):
 * never rounded up, so "1 day" is never said of 23 hours, nor "30 days" of 29.9.
 */
export function spanText(days: number): string {
  if (days < 1) return 'less than a day';
  if (days < 2) return '1 day';
  if (days < 60) return `${Math.trunc(days)} days`;
  if (days < 730) return `${Math.trunc(days / 30)} months`;
  return `${Math.trunc(days / 365)} years`;
}

/** "3 years ago" from an ISO date, `now` in ms since the epoch. */
export function agoText(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 'at an unknown time';
  return `${spanText(Math.max(0, (now - then) / dayMs))} ago`;
}

/** "7 Dec 2026, 02:50", in the reader's locale. */
export function dateText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'an unknown date';
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** How long container use has been recorded, and since when, said plainly. */
export function recordedSpanText(knownSince: string, now: number): string {
  const days = Math.max(0, (now - Date.parse(knownSince)) / dayMs);
  return (
    `Container use has been recorded for ${spanText(days)}, since ${dateText(knownSince)}, ` +
    'when this dashboard began watching this engine: the engine itself keeps no last use.'
  );
}

/** "created 3 years ago, tagged 2 years ago" (tagged left out when the engine has no time). */
function madeText(evidence: IdleEvidence, now: number): string {
  const made = `created ${agoText(evidence.created, now)}`;
  return evidence.lastTagTime === null
    ? `${made} (the engine gives no LastTagTime for it)`
    : `${made}, tagged here ${agoText(evidence.lastTagTime, now)}`;
}

/**
 * Why one image matches "unused for N days", in one sentence that says which basis it rests on.
 * An image the record has watched for less than N days is never called unused for N days.
 */
export function evidenceText(evidence: IdleEvidence, days: number, now: number): string {
  const watched = evidence.firstSeen ?? evidence.since;
  if (evidence.basis === 'recorded') {
    const use =
      evidence.lastUsed !== null && evidence.lastUsed === evidence.since
        ? `last used ${agoText(evidence.lastUsed, now)} (${dateText(evidence.lastUsed)}), as recorded`
        : `no container since recording began on ${dateText(watched)} ` +
          `(${agoText(watched, now)})`;
    return (
      `Unused for at least ${days} days on the record: ${use}; none exists now; ` +
      `${madeText(evidence, now)}.`
    );
  }
  return (
    `By age, not by the record: no container since recording began on ${dateText(watched)} ` +
    `(${agoText(watched, now)}); none exists now; ${madeText(evidence, now)}. Its use before ` +
    'the record began is not known.'
  );
}

/** How many images match on each basis. */
export function basisCounts(answer: UnusedAnswer): { recorded: number; age: number } {
  let recorded = 0;
  for (const each of answer.evidence) if (each.basis === 'recorded') recorded++;
  return { recorded, age: answer.evidence.length - recorded };
}
