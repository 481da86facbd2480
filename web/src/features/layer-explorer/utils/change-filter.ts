import { parseTreeChanges, type TreeChange, treeChanges, type TreeView } from '@footprint/shared';

/*
 * The explorer's change filter as the URL keeps it (?changes=added,deleted): empty when every
 * change type the view has is shown. A layer's own tree has no "unchanged" entries (that mark
 * is the merged view's, for what lower layers left), so the layer view does not offer it.
 */

export function availableChanges(view: TreeView): TreeChange[] {
  return view === 'merged' ? [...treeChanges] : treeChanges.filter((c) => c !== 'unchanged');
}

/** The types shown: those the URL names that the view has, or all of them. */
export function selectedChanges(param: string, view: TreeView): TreeChange[] {
  const available = availableChanges(view);
  const named = new Set(parseTreeChanges(param === '' ? undefined : param));
  const chosen = available.filter((change) => named.has(change));
  return chosen.length === 0 ? available : chosen;
}

/** The URL value for a choice: empty for "everything the view has". */
export function changesParam(chosen: readonly TreeChange[], view: TreeView): string {
  const available = availableChanges(view);
  const kept = available.filter((change) => chosen.includes(change));
  return kept.length === 0 || kept.length === available.length ? '' : kept.join(',');
}

/** The filter to send to the API: undefined when nothing is filtered out. */
export function changesQuery(param: string, view: TreeView): string | undefined {
  return changesParam(selectedChanges(param, view), view) || undefined;
}
