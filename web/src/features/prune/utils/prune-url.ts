import type { PruneKind, PruneRequest } from '@footprint/shared';
import { isPruneKind } from './prune-kinds';

/*
 * The Reclaim page's form lives in the URL, so a link (from the Overview) can preselect kinds
 * and filters: ?kind=dangling-images&kind=build-cache&days=30&until=24h&label=a=b&nolabel=keep
 */

export interface PruneForm {
  kinds: PruneKind[];
  /** As typed; used with "unused-for-days". */
  days: string;
  until: string;
  label: string[];
  notLabel: string[];
}

export function formFromParams(params: URLSearchParams): PruneForm {
  return {
    kinds: [...new Set(params.getAll('kind').filter(isPruneKind))],
    days: params.get('days') ?? '',
    until: params.get('until') ?? '',
    label: params.getAll('label').filter(Boolean),
    notLabel: params.getAll('nolabel').filter(Boolean),
  };
}

export function paramsFromForm(form: PruneForm): URLSearchParams {
  const params = new URLSearchParams();
  for (const kind of form.kinds) params.append('kind', kind);
  if (form.days) params.set('days', form.days);
  if (form.until) params.set('until', form.until);
  for (const label of form.label) params.append('label', label);
  for (const label of form.notLabel) params.append('nolabel', label);
  return params;
}

/** One label filter a line ("key" or "key=value"), blank lines dropped. */
export function labelLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The request the form stands for, or what is missing from it. */
export function requestFromForm(
  form: PruneForm,
): { request: PruneRequest; problem: null } | { request: null; problem: string } {
  if (form.kinds.length === 0) return { request: null, problem: 'Choose at least one kind.' };
  const request: PruneRequest = { kinds: form.kinds };
  if (form.kinds.includes('unused-for-days')) {
    const days = Number(form.days);
    if (!/^\d+$/.test(form.days) || days < 1 || days > 36_500) {
      return { request: null, problem: 'Unused for how many days? A whole number from 1.' };
    }
    request.unusedForDays = days;
  }
  const filters: NonNullable<PruneRequest['filters']> = {};
  if (form.until.trim()) filters.until = form.until.trim();
  if (form.label.length > 0) filters.label = form.label;
  if (form.notLabel.length > 0) filters['label!'] = form.notLabel;
  if (Object.keys(filters).length > 0) request.filters = filters;
  return { request, problem: null };
}

/** The Reclaim page with these kinds (and filters) chosen. */
export function reclaimPath(form: Partial<PruneForm> & { kinds: PruneKind[] }): string {
  const params = paramsFromForm({ days: '', until: '', label: [], notLabel: [], ...form });
  return `/reclaim?${params.toString()}`;
}
