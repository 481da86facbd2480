import type { ReactNode } from 'react';

/**
 * A wide table's own horizontal scroll box, so a narrow window scrolls the table, never the page.
 * Focusable and named: a keyboard user can scroll it too (axe's scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
