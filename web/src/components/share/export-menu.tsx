import { type RefObject, useId, useState } from 'react';
import { captionText, exportFileName } from './caption';
import { download, nodeToPng, nodeToPngBlob, nodeToSvg } from './export-node';
import { useRedaction } from './redaction';

type Format = 'png' | 'svg' | 'clipboard';

interface ExportMenuProps {
  target: RefObject<HTMLElement | null>;
  title: string;
}

const nextFrame = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));

/**
 * Share a section as PNG, SVG or a picture on the clipboard, with a caption (date and what it
 * shows; host name only when asked) and, by default, registry host names hidden in tags.
 */
export function ExportMenu({ target, title }: ExportMenuProps) {
  const id = useId();
  const { setHideRegistry } = useRedaction();
  const [open, setOpen] = useState(false);
  const [withHost, setWithHost] = useState(false);
  const [hideRegistry, setHide] = useState(true);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);

  async function run(format: Format) {
    const node = target.current;
    if (node === null) return;
    setBusy(true);
    setStatus(null);
    const date = new Date();
    const caption = document.createElement('p');
    caption.className = 'export-caption';
    caption.textContent = captionText({
      title,
      date,
      host: withHost ? window.location.hostname : null,
      registryHidden: hideRegistry,
    });
    setHideRegistry(hideRegistry);
    node.setAttribute('data-exporting', '');
    node.append(caption);
    try {
      await nextFrame();
      if (format === 'png') {
        download(await nodeToPng(node), exportFileName(title, date, 'png'));
        setStatus({ error: false, text: 'PNG saved.' });
      } else if (format === 'svg') {
        download(await nodeToSvg(node), exportFileName(title, date, 'svg'));
        setStatus({ error: false, text: 'SVG saved.' });
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
        onClick={() => setOpen((value) => !value)}
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
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void run('svg')}
            >
              SVG
            </button>
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
