import '../layer-explorer.css';
import type { ExplorerProgressEvent } from '@footprint/shared';
import { exactBytes, humanBytes } from '@footprint/shared';
import { useIsFetching } from '@tanstack/react-query';
import { InertText } from '../../../components/inert-text';
import { useEngineApi } from '../../../lib/engine-scope';
import { queryKeys } from '../../../lib/query-keys';
import { useExplorerProgress } from '../api/explorer-progress';

function ProgressLine({ label, event }: { label: string; event: ExplorerProgressEvent }) {
  const { bytesDone, bytesTotal, itemsDone, itemsTotal } = event;
  const bar = bytesTotal ? { max: bytesTotal, value: bytesDone ?? 0 } : null;
  return (
    <div className="work-progress" data-task={event.task} data-task-id={event.taskId}>
      <label>
        <span>{label}</span>
        <progress
          max={bar?.max}
          value={bar?.value}
          aria-label={label}
          data-items-done={itemsDone}
        />
      </label>
      <span className="muted">
        {itemsTotal === null
          ? `${itemsDone.toLocaleString('en-US')} entries read`
          : `${itemsDone.toLocaleString('en-US')} of ${itemsTotal.toLocaleString('en-US')} files`}
        {bytesTotal ? (
          <span title={`${exactBytes(bytesDone ?? 0)} of ${exactBytes(bytesTotal)}`}>
            {' '}
            · {humanBytes(bytesDone ?? 0)} of {humanBytes(bytesTotal)}
          </span>
        ) : null}
      </span>
    </div>
  );
}

const sameImage = (a: string | null, b: string) =>
  a !== null && a.replace(/^sha256:/, '') === b.replace(/^sha256:/, '');

/**
 * A layer being indexed for the first time (`explorer-progress` events): a big layer's file
 * list takes a while to read once; afterwards it opens at once. This image's layers, else any
 * (a base another image is indexing).
 */
export function IndexProgress({ imageId }: { imageId: string }) {
  // Only while this image's files, search or analysis are being fetched.
  const { key } = useEngineApi();
  const fetching =
    useIsFetching({ queryKey: queryKeys.imageTrees(key, imageId) }) +
    useIsFetching({ queryKey: queryKeys.imageTreeSearches(key, imageId) }) +
    useIsFetching({ queryKey: queryKeys.imageAnalysis(key, imageId) });
  const events = useExplorerProgress(fetching > 0);
  const running = [...events.values()].filter(
    (event) => event.task === 'layer-index' && event.phase === 'running',
  );
  const mine = running.filter((event) => sameImage(event.imageId, imageId));
  const shown = mine.length > 0 ? mine : running;
  if (shown.length === 0) return null;
  return (
    <div className="work-progress-list" role="status" aria-live="polite">
      {shown.map((event) => (
        <ProgressLine
          key={event.taskId}
          event={event}
          label={`Indexing layer ${event.layer ?? ''} (first time only)`}
        />
      ))}
    </div>
  );
}

/**
 * GET /api/duplicates/files?minBytes=…, while it runs: first every layer's file list is read
 * (no file count to hash yet), then files of equal size are hashed.
 */
export function DuplicatesProgress({ minBytes, active }: { minBytes: number; active: boolean }) {
  const event = useExplorerProgress(active).get(`duplicates:${minBytes}`);
  if (event === undefined) return null;
  const label =
    event.itemsTotal === null
      ? 'Reading every layer’s file list (once for these images)'
      : 'Hashing files of equal size';
  return (
    <div className="work-progress-list" role="status" aria-live="polite">
      <ProgressLine event={event} label={label} />
    </div>
  );
}

/** What limits a listing, from the server (a layer read without its opaque markers, say). */
export function ListingNotes({ notes }: { notes: readonly string[] }) {
  if (notes.length === 0) return null;
  return (
    <div className="listing-notes">
      {notes.map((note) => (
        <p key={note} className="warning-note" role="note">
          <InertText value={note} max={600} />
        </p>
      ))}
    </div>
  );
}
