/*
 * The layer explorer's change types and its filter's parser, apart from the schemas: the web
 * imports these as values, and a module that builds TypeBox schemas at its top level brings
 * TypeBox's whole type engine (about 20 KB gzipped) into the page with it.
 */

export const treeChanges = ['added', 'modified', 'deleted', 'unchanged'] as const;
export type TreeChange = (typeof treeChanges)[number];

/** A change filter as the query string carries it: change types, comma-separated. */
export const treeChangesPattern = `^(${treeChanges.join('|')})(,(${treeChanges.join('|')}))*$`;

/**
 * The change types a filter names, each once, in the order of `treeChanges`; all of them when
 * there is no filter. Text that does not fit the pattern names none (the route rejects it).
 */
export function parseTreeChanges(text: string | undefined): TreeChange[] {
  if (text === undefined || text === '') return [...treeChanges];
  const named = new Set(text.split(','));
  return treeChanges.filter((change) => named.has(change));
}
