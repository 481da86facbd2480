import type { TagDeletionResult } from '@footprint/shared';
import { useState } from 'react';
import { Bytes } from '../../../components/bytes';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ErrorMessage } from '../../../components/error-message';
import { InertText } from '../../../components/inert-text';
import { count } from '../../../lib/count';
import { useDeleteTag, useTagDeletionPreview } from '../api/delete-tag';
import { GcInstructions } from './gc-instructions';

interface DeleteTagDialogProps {
  host: string;
  repository: string;
  tag: string;
  onClose: () => void;
}

/**
 * Deleting a tag from a registry as local removals go: the preview (the digest that goes, every
 * tag on it, the bytes freed after garbage collection), the confirmation acting on exactly that
 * digest, and the report with the garbage collection step.
 */
export function DeleteTagDialog({ host, repository, tag, onClose }: DeleteTagDialogProps) {
  const preview = useTagDeletionPreview(host, { repository, tag });
  const mutation = useDeleteTag(host);
  const [result, setResult] = useState<TagDeletionResult | null>(null);
  const busy = mutation.isPending;
  const name = `${host}/${repository}:${tag}`;

  if (result !== null) {
    return (
      <ConfirmDialog
        title="Manifest deleted"
        onClose={onClose}
        testId="registry-delete-report"
        actions={
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        }
      >
        <p>
          The registry deleted manifest{' '}
          <InertText className="mono" value={result.digest} max={80} /> and with it{' '}
          {result.tagsRemoved.length === 1 ? 'the tag' : 'the tags'}{' '}
          <InertText className="mono" value={result.tagsRemoved.join(', ')} max={300} />.
        </p>
        <p data-testid="registry-freed" data-bytes={result.freedBytes}>
          <Bytes value={result.freedBytes} /> (registry blobs, compressed) come back once the
          registry’s garbage collector has run, not before:
        </p>
        <GcInstructions gc={result.gc} />
      </ConfirmDialog>
    );
  }

  const data = preview.data;
  const confirm = async () => {
    if (data === undefined) return;
    try {
      setResult(await mutation.mutateAsync({ repository, tag, digest: data.digest }));
    } catch {
      // mutation.error is shown below.
    }
  };

  return (
    <ConfirmDialog
      title="Delete from the registry?"
      onClose={onClose}
      busy={busy}
      testId="registry-delete-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={busy || data === undefined}
            onClick={() => void confirm()}
          >
            {busy ? 'Deleting…' : 'Delete manifest'}
          </button>
        </>
      }
    >
      <p>
        Delete <InertText className="mono" value={name} max={300} /> from the registry.
      </p>
      {preview.error ? (
        <ErrorMessage title="Could not preview the deletion" error={preview.error} />
      ) : data === undefined ? (
        <p className="loading" role="status">
          Reading the repository again…
        </p>
      ) : (
        <div data-testid="registry-delete-preview" data-digest={data.digest}>
          <p>
            The registry deletes manifests by digest: manifest{' '}
            <InertText className="mono" value={data.digest} max={80} /> goes, and every tag of the
            repository pointing at it goes with it:
          </p>
          <ul className="plain-list" data-testid="registry-tags-removed">
            {data.tagsRemoved.map((removed) => (
              <li key={removed}>
                <InertText className="mono" value={removed} max={130} />
                {removed === tag ? null : <span className="badge badge-warn">same digest</span>}
              </li>
            ))}
          </ul>
          <p className="action-note" data-testid="registry-freed" data-bytes={data.freedBytes}>
            Comes back after the registry’s garbage collection: <Bytes value={data.freedBytes} />{' '}
            (registry blobs, compressed; {count(data.freedBlobs, 'blob')} no other tagged manifest
            holds). Nothing is freed before the collector runs.
          </p>
          <p className="muted">
            Counted against the registry’s other repositories as crawled at{' '}
            {new Date(data.crawledAt).toLocaleString()}.
          </p>
        </div>
      )}
      {mutation.error ? (
        <ErrorMessage title="The registry did not delete it" error={mutation.error} />
      ) : null}
    </ConfirmDialog>
  );
}
