import { type ReactNode, useRef } from 'react';
import { ExportMenu } from './share/export-menu';
import { RedactionScope } from './share/redaction';

interface PanelProps {
  id: string;
  title: string;
  /** One line under the title: what the figures are and where they come from. */
  meta?: ReactNode;
  /** Controls at the right of the header (filters, links). */
  actions?: ReactNode;
  /** Offer PNG / SVG / clipboard export of this panel; the caption names it. */
  exportable?: boolean;
  stale?: boolean;
  /**
   * The page's one heading: a page that is a single panel (Images, Volumes…) titles it with the
   * panel's h1 rather than an h1 repeating the panel's h2 above it.
   */
  pageHeading?: boolean;
  children: ReactNode;
  className?: string;
}

/** A titled section of a page; exportable panels carry their own share menu. */
export function Panel({
  id,
  title,
  meta,
  actions,
  exportable = false,
  stale,
  pageHeading = false,
  children,
  className,
}: PanelProps) {
  const ref = useRef<HTMLElement>(null);
  const Heading = pageHeading ? 'h1' : 'h2';
  return (
    <RedactionScope>
      <section
        ref={ref}
        className={className ? `panel ${className}` : 'panel'}
        aria-labelledby={`${id}-heading`}
        data-stale={stale || undefined}
        data-panel={id}
      >
        <header className="panel-header">
          <div className="panel-titles">
            <Heading id={`${id}-heading`} className={pageHeading ? 'page-title' : undefined}>
              {title}
            </Heading>
            {meta ? <p className="panel-meta">{meta}</p> : null}
          </div>
          <div className="panel-actions">
            {actions}
            {exportable ? <ExportMenu target={ref} title={title} /> : null}
          </div>
        </header>
        {children}
      </section>
    </RedactionScope>
  );
}
