import type { ImageRemoval, ImageSummary } from '@footprint/shared';
import { useState } from 'react';
import { Bytes } from '../../../components/bytes';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { shortId } from '../../images/utils/short-id';
import { useRemoveImages } from '../api/remove-images';
import { conflictHelp } from '../utils/conflicts';
import { ActionError } from './action-error';
import { ImageName } from './image-name';
import { RemovalResults } from './removal-results';

export type RemovableImage = Pick<ImageSummary, 'id' | 'repoTags' | 'uniqueSize' | 'containers'>;

interface RemoveImagesDialogProps {
  /** Exactly the images to remove, as listed when the person asked. */
  images: readonly RemovableImage[];
  /**
   * What removing them together frees, from the layer graph (layers only they hold), in engine
   * bytes; null when the layer sizes are not known, then each image's unique bytes are shown.
   */
  freedBytes: number | null;
  /** Closed; `removed` are the IDs the engine removed. */
  onClose: (removed: string[]) => void;
}

type Step = 'confirm' | 'force' | 'done';

/**
 * Remove images by full ID: the exact list and the bytes first, then a result per image. Force
 * is offered only for refusals it gets past, after the reason was shown, as a second step.
 */
export function RemoveImagesDialog({ images, freedBytes, onClose }: RemoveImagesDialogProps) {
  const mutation = useRemoveImages();
  const [step, setStep] = useState<Step>('confirm');
  const [results, setResults] = useState<ReadonlyMap<string, ImageRemoval>>(new Map());
  const byId = new Map(images.map((image) => [image.id, image]));
  const forceable = [...results.values()].filter(
    (result) => result.outcome === 'conflict' && conflictHelp(result.code).forceHelps,
  );
  const removed = [...results.values()]
    .filter((result) => result.outcome === 'removed')
    .map((result) => result.id);
  const busy = mutation.isPending;
  const count = images.length;
  const noun = count === 1 ? 'image' : 'images';

  const run = async (ids: string[], force: boolean) => {
    try {
      const answer = await mutation.mutateAsync({ ids, force });
      setResults((current) => {
        const next = new Map(current);
        for (const result of answer.results) next.set(result.id, result);
        return next;
      });
      setStep('done');
    } catch {
      // mutation.error is shown in the dialog.
    }
  };

  const close = () => onClose(removed);
  const cancel = (
    <button type="button" className="button" onClick={close} disabled={busy}>
      {step === 'done' ? 'Close' : 'Cancel'}
    </button>
  );

  if (step === 'confirm') {
    return (
      <ConfirmDialog
        title={`Remove ${count} ${noun}?`}
        onClose={close}
        busy={busy}
        testId="remove-images-dialog"
        actions={
          <>
            {cancel}
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() =>
                void run(
                  images.map((image) => image.id),
                  false,
                )
              }
            >
              {busy ? 'Removing…' : `Remove ${count} ${noun}`}
            </button>
          </>
        }
      >
        <p>
          Removed by ID, exactly these. There is no undo: a removed image must be pulled or built
          again.
        </p>
        <ImagesToRemove images={images} />
        <p className="action-total" data-testid="freed-bytes" data-bytes={freedBytes ?? undefined}>
          {freedBytes !== null ? (
            <>
              Comes back: <Bytes value={freedBytes} source="engine" />{' '}
              <span className="muted">(layers only these images hold, engine sizes)</span>
            </>
          ) : (
            <span className="muted">
              The layer sizes are not known yet: each image’s unique bytes are listed above.
            </span>
          )}
        </p>
        {mutation.error ? <ActionError error={mutation.error} /> : null}
      </ConfirmDialog>
    );
  }

  if (step === 'force') {
    return (
      <ConfirmDialog
        title={`Remove ${forceable.length} with force?`}
        onClose={() => setStep('done')}
        busy={busy}
        testId="force-dialog"
        actions={
          <>
            <button
              type="button"
              className="button"
              onClick={() => setStep('done')}
              disabled={busy}
            >
              Back
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() =>
                void run(
                  forceable.map((result) => result.id),
                  true,
                )
              }
            >
              {busy ? 'Removing…' : 'Remove with force'}
            </button>
          </>
        }
      >
        <ul className="plain-list">
          {forceable.map((result) => (
            <li key={result.id}>
              <ImageName id={result.id} repoTags={byId.get(result.id)?.repoTags ?? []} />:{' '}
              {conflictHelp(result.code).forceEffect}
            </li>
          ))}
        </ul>
        {mutation.error ? <ActionError error={mutation.error} /> : null}
      </ConfirmDialog>
    );
  }

  const kept = results.size - removed.length;
  return (
    <ConfirmDialog
      title={`Removed ${removed.length} of ${count} ${noun}`}
      onClose={close}
      testId="removal-report"
      actions={
        <>
          {forceable.length > 0 ? (
            <button type="button" className="button" onClick={() => setStep('force')}>
              Remove {forceable.length} with force…
            </button>
          ) : null}
          {cancel}
        </>
      }
    >
      <RemovalResults results={[...results.values()]} images={byId} />
      {kept > 0 ? (
        <p className="muted">
          Kept images are listed with what holds them. Nothing else was touched.
        </p>
      ) : null}
      {mutation.error ? <ActionError error={mutation.error} /> : null}
    </ConfirmDialog>
  );
}

function ImagesToRemove({ images }: { images: readonly RemovableImage[] }) {
  return (
    <table className="action-list" data-testid="images-to-remove">
      <caption className="visually-hidden">Images to remove</caption>
      <thead>
        <tr>
          <th scope="col">Image</th>
          <th scope="col">ID</th>
          <th scope="col">Containers</th>
          <th scope="col" className="num">
            Unique bytes
          </th>
        </tr>
      </thead>
      <tbody>
        {images.map((image) => (
          <tr key={image.id} data-image-id={image.id}>
            <td>
              <ImageName id={image.id} repoTags={image.repoTags} />
            </td>
            <td className="mono">{shortId(image.id)}</td>
            <td>{image.containers}</td>
            <td className="num" data-bytes={image.uniqueSize}>
              <Bytes value={image.uniqueSize} source="engine" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
