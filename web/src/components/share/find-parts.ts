/*
 * What a section holds, looked up when its Share menu opens: cheap queries kept out of the
 * exporters' chunk, which loads only then (export-menu.tsx).
 */

/** The chart itself: its drawing surface, not a legend swatch (also an svg). */
export function findChart(root: Element): SVGSVGElement | null {
  return root.querySelector<SVGSVGElement>('svg.chart-surface');
}

/** The section's first table, not one inside a control that is left out of exports. */
export function findTable(node: HTMLElement): HTMLTableElement | null {
  return (
    [...node.querySelectorAll('table')].find(
      (table) => table.closest('[data-export-ignore]') === null,
    ) ?? null
  );
}
