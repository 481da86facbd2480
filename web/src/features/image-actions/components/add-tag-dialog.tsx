import { type ImageDetail, type ImageTagging, isImageReference } from '@footprint/shared';
import { type FormEvent, useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { InertText } from '../../../components/inert-text';
import { ApiRequestError } from '../../../lib/api-client';
import { useEngineApi } from '../../../lib/engine-scope';
import { shortId } from '../../images/utils/short-id';
import { getImage } from '../../images/api/get-image';
import { useTagImage } from '../api/tag-image';
import { ActionError } from './action-error';
import '../../../components/action-fields.css';

interface AddTagDialogProps {
  image: Pick<ImageDetail, 'id'>;
  onClose: (result: ImageTagging | null) => void;
}

/** The image that has the name now, as the 409 said, looked up to name it and its tags. */
interface Holder {
  id: string;
  repoTags: string[];
}

/** Why a typed tag cannot be sent, before the server says so; null when it can. */
export function tagProblem(tag: string): string | null {
  if (tag === '') return 'Type a tag such as team/app:2.';
  if (!isImageReference(tag) || /^(?:sha256:)?[0-9a-f]{4,64}$/.test(tag) || tag.includes('@')) {
    return (
      'Not a tag: lowercase name parts separated by "/", then ":" and a tag of letters, ' +
      'digits, "_", "." or "-".'
    );
  }
  return null;
}

/** "its other tag", "its 3 other tags", "no other tag". */
function remaining(tags: readonly string[]): string {
  if (tags.length === 0) return 'it has no other tag and is left untagged (dangling)';
  return tags.length === 1 ? `it keeps ${tags[0] ?? ''}` : `it keeps ${tags.length} other tags`;
}

/**
 * Add a tag (docker tag). When the name is on another image the server refuses first; the
 * dialog then says which image loses it and offers "Move the tag" from that image only.
 */
export function AddTagDialog({ image, onClose }: AddTagDialogProps) {
  const mutation = useTagImage();
  const api = useEngineApi();
  const [tag, setTag] = useState('');
  const [touched, setTouched] = useState(false);
  const [holder, setHolder] = useState<Holder | null>(null);
  const [result, setResult] = useState<ImageTagging | null>(null);
  const busy = mutation.isPending;
  const problem = tagProblem(tag.trim());

  const send = async (move: boolean) => {
    const name = tag.trim();
    try {
      setResult(
        await mutation.mutateAsync({
          imageId: image.id,
          tag: name,
          ...(move && holder !== null ? { move: true, expectedCurrent: holder.id } : {}),
        }),
      );
    } catch (error) {
      if (error instanceof ApiRequestError && error.code === 'TAG_ON_OTHER_IMAGE') {
        const other = await getImage(api, name).catch(() => null);
        setHolder(other === null ? null : { id: other.id, repoTags: other.repoTags });
      }
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (problem === null && !busy) void send(false);
  };

  if (result !== null) {
    return (
      <ConfirmDialog
        title={result.outcome === 'unchanged' ? 'Already tagged' : 'Tagged'}
        onClose={() => onClose(result)}
        testId="tag-report"
        actions={
          <button type="button" className="button" onClick={() => onClose(result)}>
            Close
          </button>
        }
      >
        <p data-outcome={result.outcome}>
          <InertText className="mono" value={result.tag} max={200} />{' '}
          {result.outcome === 'unchanged' ? 'already pointed at' : 'now points at'} image{' '}
          <span className="mono">{shortId(result.id)}</span>.
          {result.movedFrom !== null ? (
            <>
              {' '}
              Image <span className="mono">{shortId(result.movedFrom)}</span> lost it;{' '}
              {remaining(result.movedFromTags)}.
            </>
          ) : null}
        </p>
      </ConfirmDialog>
    );
  }

  const conflict =
    mutation.error instanceof ApiRequestError && mutation.error.code === 'TAG_ON_OTHER_IMAGE';
  return (
    <ConfirmDialog
      title="Add a tag"
      onClose={() => onClose(null)}
      busy={busy}
      testId="add-tag-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={() => onClose(null)} disabled={busy}>
            Cancel
          </button>
          {conflict && holder !== null ? (
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() => void send(true)}
            >
              {busy ? 'Moving…' : 'Move the tag'}
            </button>
          ) : (
            <button type="submit" form="add-tag-form" className="button" disabled={busy}>
              {busy ? 'Tagging…' : 'Add tag'}
            </button>
          )}
        </>
      }
    >
      <form id="add-tag-form" onSubmit={submit} noValidate>
        <label className="action-field">
          New tag for image <span className="mono">{shortId(image.id)}</span>
          <input
            type="text"
            className="mono"
            value={tag}
            maxLength={520}
            placeholder="team/app:2"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={touched && problem !== null}
            disabled={busy}
            onChange={(event) => {
              setTag(event.target.value);
              setHolder(null);
              mutation.reset();
            }}
          />
        </label>
        {touched && problem !== null ? (
          <p className="muted" role="alert" data-testid="tag-problem">
            {problem}
          </p>
        ) : null}
      </form>
      {conflict && holder !== null ? (
        <p className="action-note" data-testid="tag-move-warning">
          <InertText className="mono" value={tag.trim()} max={200} /> is on image{' '}
          <span className="mono">{shortId(holder.id)}</span> now. Moving it takes the name from that
          image: {remaining(holder.repoTags.filter((other) => other !== tag.trim()))}.
        </p>
      ) : null}
      {/* The note above says it in full once the holder is known. */}
      {mutation.error && !(conflict && holder !== null) ? (
        <ActionError error={mutation.error} />
      ) : null}
    </ConfirmDialog>
  );
}
