/** Selection of rows by ID, as a new Set each time (React state). */
export function toggle(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/**
 * Shift-click: every row from the anchor to the target, in the order shown, takes the state the
 * target gets (selected when it was not), as in file managers.
 */
export function selectRange(
  ordered: readonly string[],
  selected: ReadonlySet<string>,
  anchor: string | null,
  target: string,
): Set<string> {
  const to = ordered.indexOf(target);
  const from = anchor === null ? -1 : ordered.indexOf(anchor);
  if (to === -1) return new Set(selected);
  if (from === -1) return toggle(selected, target);
  const select = !selected.has(target);
  const next = new Set(selected);
  const [start, end] = from <= to ? [from, to] : [to, from];
  for (const id of ordered.slice(start, end + 1)) {
    if (select) next.add(id);
    else next.delete(id);
  }
  return next;
}

/** Short IDs (12 hex digits) in the URL: "sel=4bf5c77598dd,1a2b3c4d5e6f". */
export function selectionToParam(ids: Iterable<string>): string {
  return [...ids]
    .map((id) => id.replace(/^sha256:/, '').slice(0, 12))
    .sort()
    .join(',');
}

/** The full IDs the short ones in the URL name, among the images known. */
export function selectionFromParam(param: string, ids: readonly string[]): Set<string> {
  const prefixes = param.split(',').filter((prefix) => /^[0-9a-f]{4,64}$/.test(prefix));
  const selected = new Set<string>();
  for (const prefix of prefixes) {
    const id = ids.find((candidate) => candidate.replace(/^sha256:/, '').startsWith(prefix));
    if (id !== undefined) selected.add(id);
  }
  return selected;
}
