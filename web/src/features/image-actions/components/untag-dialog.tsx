import type { ImageDetail, ImageRemoval } from '@footprint/shared';
import { useState } from 'react';
import { Bytes } from '../../../components/bytes';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { InertText } from '../../../components/inert-text';
import { shortId } from '../../images/utils/short-id';
import { ApiRequestError } from '../../../lib/api-client';
import { useUntagImage } from '../api/untag-image';
import { conflictHelp } from '../utils/conflicts';
import { ActionError } from './action-error';

interface UntagDialogProps {
  image: Pick<ImageDetail, 'id' | 'repoTags' | 'containers' | 'uniqueSize'>;
  tag: string;
  onClose: (result: ImageRemoval | null) => void;
}

/** Untag one tag; when it is the image's last tag, say first that the image goes with it. */
export function UntagDialog({ image, tag, onClose }: UntagDialogProps) {
  const mutation = useUntagImage();
  const [result, setResult] = useState<ImageRemoval | null>(null);
  const lastTag = image.repoTags.length === 1;
  const deletes = lastTag && image.containers === 0;
  const busy = mutation.isPending;

  const untag = async () => {
    try {
      setResult(await mutation.mutateAsync({ imageId: image.id, tag }));
    } catch {
      // mutation.error is shown below.
    }
  };

  // The tag moved and the engine acted anyway (on another image, or unconfirmed): a report of
  // what happened, not a refusal to retry.
  const acted =
    mutation.error instanceof ApiRequestError && conflictHelp(mutation.error.code).engineActed
      ? mutation.error
      : null;
  if (acted !== null) {
    return (
      <ConfirmDialog
        title="The untag did not go as asked"
        onClose={() => onClose(null)}
        testId="untag-conflict"
        actions={
          <button type="button" className="button" onClick={() => onClose(null)}>
            Close
          </button>
        }
      >
        <ActionError error={acted} />
      </ConfirmDialog>
    );
  }

  if (result !== null) {
    return (
      <ConfirmDialog
        title={result.outcome === 'removed' ? 'Untagged, and the image removed' : 'Untagged'}
        onClose={() => onClose(result)}
        testId="untag-report"
        actions={
          <button type="button" className="button" onClick={() => onClose(result)}>
            Close
          </button>
        }
      >
        <p data-outcome={result.outcome}>
          <InertText className="mono" value={tag} /> no longer exists.{' '}
          {result.outcome === 'removed'
            ? `It was the last tag: the engine removed image ${shortId(image.id)} and ` +
              `${result.deleted.length} records with it.`
            : `Image ${shortId(image.id)} stays under ${otherTags(image.repoTags.length - 1)}.`}
        </p>
      </ConfirmDialog>
    );
  }

  return (
    <ConfirmDialog
      title="Untag?"
      onClose={() => onClose(null)}
      busy={busy}
      testId="untag-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={() => onClose(null)} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={busy}
            onClick={() => void untag()}
          >
            {busy ? 'Untagging…' : deletes ? 'Untag and remove the image' : 'Untag'}
          </button>
        </>
      }
    >
      <p>
        Untag <InertText className="mono" value={tag} /> from image{' '}
        <span className="mono">{shortId(image.id)}</span>, only if the tag still points at it.
      </p>
      {deletes ? (
        <p className="action-note" data-testid="last-tag-warning" data-bytes={image.uniqueSize}>
          This is the image’s last tag and no container uses it: untagging it removes the image too.
          Comes back: <Bytes value={image.uniqueSize} source="engine" /> (its unique bytes).
        </p>
      ) : lastTag ? (
        <p className="action-note">
          This is the image’s last tag; a container still uses the image, so the engine may refuse.
          No bytes come back.
        </p>
      ) : (
        <p className="muted">
          The image keeps {otherTags(image.repoTags.length - 1)}: no bytes come back.
        </p>
      )}
      {mutation.error ? <ActionError error={mutation.error} /> : null}
    </ConfirmDialog>
  );
}

/** "its other tag", "its 3 other tags": never "its other 1 tag". */
export function otherTags(count: number): string {
  return count === 1 ? 'its other tag' : `its ${count} other tags`;
}
