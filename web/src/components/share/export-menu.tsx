import { type RefObject, useId, useState } from 'react';
import { captionText, exportFileName } from './caption';
import type * as Exporters from './exporters';
import { findChart, findTable } from './find-parts';
import { useRedaction } from './redaction';

type Format = 'png' | 'svg' | 'csv' | 'clipboard';

/**
 * The exporters' chunk, asked for when a menu opens so that it is there by the click (a copy to
 * the clipboard must follow the click closely); asked again after a failure.
 */
let exporters: Promise<typeof Exporters> | null = null;
const loadExporters = () =>
  (exporters ??= import('./exporters').catch((error: unknown) => {
    exporters = null;
    throw error;
  }));

interface ExportMenuProps {
  target: RefObject<HTMLElement | null>;
  title: string;
}

const nextFrame = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));

/**
 * Share a section as a PNG picture (or one on the clipboard), its chart as SVG, its table as
 * CSV, with a caption (date and what it shows; host name only when asked) and, by default,
 * registry host names hidden in tags, in every format: each reads the section while it is
 * drawn redacted.
 */
export function ExportMenu({ target, title }: ExportMenuProps) {
  const id = useId();
  const { setHideRegistry } = useRedaction();
  const [open, setOpen] = useState(false);
  const [withHost, setWithHost] = useState(false);
  const [hideRegistry, setHide] = useState(true);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  // What the section holds decides the formats: SVG for a chart, CSV for a table.
  const [kinds, setKinds] = useState({ chart: false, table: false });

  function toggle() {
    const node = target.current;
    if (!open && node) {
      setKinds({ chart: findChart(node) !== null, table: findTable(node) !== null });
      // A failure here is not reported: run() asks again and says why it could not export.
      loadExporters().catch(() => {});
    }
    setOpen((value) => !value);
  }

  async function run(format: Format) {
    const node = target.current;
    if (node === null) return;
    setBusy(true);
    setStatus(null);
    const date = new Date();
    const captionLine = captionText({
      title,
      date,
      host: withHost ? window.location.hostname : null,
      registryHidden: hideRegistry,
    });
    const caption = document.createElement('p');
    caption.className = 'export-caption';
    caption.textContent = captionLine;
    setHideRegistry(hideRegistry);
    node.setAttribute('data-exporting', '');
    node.append(caption);
    try {
      const { chartToSvg, download, nodeToPng, nodeToPngBlob, tableToCsv } = await loadExporters();
      await nextFrame();
      if (format === 'png') {
        download(await nodeToPng(node), exportFileName(title, date, 'png'));
        setStatus({ error: false, text: 'PNG saved.' });
      } else if (format === 'svg') {
        const chart = findChart(node);
        if (chart === null) throw new Error('This section has no chart to save as SVG.');
        const svg = chartToSvg(chart, { title, caption: captionLine });
        download(new Blob([svg], { type: 'image/svg+xml' }), exportFileName(title, date, 'svg'));
        setStatus({ error: false, text: 'SVG saved.' });
      } else if (format === 'csv') {
        const table = findTable(node);
        if (table === null) throw new Error('This section has no table to save as CSV.');
        const csv = tableToCsv(table);
        download(new Blob([csv], { type: 'text/csv' }), exportFileName(title, date, 'csv'));
        setStatus({ error: false, text: 'CSV saved.' });
      } else {
        if (!navigator.clipboard || typeof ClipboardItem === 'undefined') {
          throw new Error(
            'This browser does not allow pictures on the clipboard here; save a PNG.',
          );
        }
        const blob = nodeToPngBlob(node);
        await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
        setStatus({ error: false, text: 'Copied to the clipboard.' });
      }
    } catch (error) {
      setStatus({
        error: true,
        text: `Could not export: ${error instanceof Error ? error.message : String(error)}`,
      });
    } finally {
      caption.remove();
      node.removeAttribute('data-exporting');
      setHideRegistry(false);
      setBusy(false);
    }
  }

  return (
    <div className="export-menu" data-export-ignore="">
      <button
        type="button"
        className="button button-quiet"
        aria-expanded={open}
        aria-controls={id}
        onClick={toggle}
      >
        Share
      </button>
      {open ? (
        <div className="export-popover" id={id} role="group" aria-label={`Share “${title}”`}>
          <label className="check">
            <input
              type="checkbox"
              checked={hideRegistry}
              onChange={(event) => setHide(event.target.checked)}
            />
            Hide registry host names
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={withHost}
              onChange={(event) => setWithHost(event.target.checked)}
            />
            Name this host in the caption
          </label>
          <div className="export-buttons">
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void run('png')}
            >
              PNG
            </button>
            {kinds.chart ? (
              <button
                type="button"
                className="button"
                disabled={busy}
                title="The chart as a vector drawing"
                onClick={() => void run('svg')}
              >
                SVG
              </button>
            ) : null}
            {kinds.table ? (
              <button
                type="button"
                className="button"
                disabled={busy}
                title="The table, exact bytes as numbers"
                onClick={() => void run('csv')}
              >
                CSV
              </button>
            ) : null}
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void run('clipboard')}
            >
              Copy
            </button>
          </div>
          {status ? (
            <p className={status.error ? 'export-status is-error' : 'export-status'} role="status">
              {status.text}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
