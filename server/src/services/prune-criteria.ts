import type { PruneRequest } from '@footprint/shared';
import { parseLabelFilter, parseUntil } from '../domain/prune-filters.js';
import type { PruneCriteria } from '../domain/prune-types.js';
import { BadRequestError } from '../errors.js';

/** The request as the planner takes it, or a 400 that says what to change. */
export function toCriteria(request: PruneRequest, now: Date): PruneCriteria {
  const kinds = new Set(request.kinds);
  const filters = request.filters ?? {};
  if (kinds.has('unused-for-days') && request.unusedForDays === undefined) {
    throw new BadRequestError(
      'UNUSED_FOR_DAYS_REQUIRED',
      'The kind "unused-for-days" needs unusedForDays: how many days without a container.',
    );
  }
  const label = (filters.label ?? []).map(parseLabelFilter);
  const notLabel = (filters['label!'] ?? []).map(parseLabelFilter);
  if (kinds.has('build-cache') && label.length + notLabel.length > 0) {
    throw new BadRequestError(
      'LABEL_FILTER_ON_BUILD_CACHE',
      'Build cache records have no labels: prune the build cache without label filters, or ' +
        'leave it out of this prune.',
    );
  }
  let until: Date | null = null;
  if (filters.until !== undefined) {
    until = parseUntil(filters.until, now);
    if (until === null) {
      throw new BadRequestError(
        'INVALID_UNTIL',
        `until must be a duration such as "24h" or "1h30m", Unix seconds, or a date such as ` +
          `"2026-01-31T12:00:00Z"; got "${filters.until.slice(0, 64)}".`,
      );
    }
  }
  return {
    kinds,
    unusedForDays: request.unusedForDays ?? null,
    until,
    label,
    notLabel,
    now,
  };
}
