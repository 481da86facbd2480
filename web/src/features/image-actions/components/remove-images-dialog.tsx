import type { ImageRemoval, ImageSummary } from '@footprint/shared';
import { useMemo, useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ErrorMessage } from '../../../components/error-message';
import { useRemovalPreview } from '../api/preview-removal';
import { useRemoveImages } from '../api/remove-images';
import { conflictHelp } from '../utils/conflicts';
import { ActionError } from './action-error';
import { ImageName } from './image-name';
import { ImagesToRemove, RemovalPreviewTotal } from './images-to-remove';
import { RemovalBytes, type RemovalRun } from './removal-bytes';
import { RemovalResults } from './removal-results';

export type RemovableImage = Pick<ImageSummary, 'id' | 'repoTags' | 'containers'>;

interface RemoveImagesDialogProps {
  /** Exactly the images to remove, as listed when the person asked. */
  images: readonly RemovableImage[];
  /** Closed; `removed` are the IDs the engine removed. */
  onClose: (removed: string[]) => void;
}

type Step = 'confirm' | 'force' | 'done';

/**
 * Remove images by full ID: the exact list and the bytes first, as the server counts them now
 * (engine bytes and on disk), then a result per image and what the data root really lost. Force
 * is offered only for refusals it gets past, after the reason was shown, as a second step.
 */
export function RemoveImagesDialog({ images, onClose }: RemoveImagesDialogProps) {
  const allIds = useMemo(() => images.map((image) => image.id), [images]);
  const preview = useRemovalPreview(allIds);
  const mutation = useRemoveImages();
  const [step, setStep] = useState<Step>('confirm');
  const [results, setResults] = useState<ReadonlyMap<string, ImageRemoval>>(new Map());
  const [runs, setRuns] = useState<readonly RemovalRun[]>([]);
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
      setRuns((current) => [
        ...current,
        {
          label: force ? 'With force' : 'The removal',
          disk: answer.disk,
          diskNote: answer.diskNote,
        },
      ]);
      setStep('done');
    } catch {
      // mutation.error is shown in the dialog.
    }
  };

  // Said before confirming, not only in the engine's refusal after it (issue #17).
  const inUse = images.filter((image) => image.containers > 0);
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
            {preview.error && !preview.isFetching ? (
              <button type="button" className="button" onClick={() => void preview.refetch()}>
                Ask again
              </button>
            ) : null}
            <button
              type="button"
              className="button button-danger"
              // The bytes come first: nothing is sent before the person could read them.
              disabled={busy || preview.data === undefined}
              onClick={() => void run(allIds, false)}
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
        {inUse.length > 0 ? (
          <p className="action-note" role="note" data-testid="images-in-use">
            {inUse.length === count
              ? count === 1
                ? 'It is'
                : 'All are'
              : `${inUse.length} of these are`}{' '}
            used by containers ({inUse.reduce((sum, image) => sum + image.containers, 0)} in all):
            the engine refuses to remove an image a container uses. Remove the containers first (for
            stopped ones, force is offered after the refusal).
          </p>
        ) : null}
        <ImagesToRemove images={images} preview={preview.data} />
        {preview.data ? (
          <RemovalPreviewTotal preview={preview.data} />
        ) : preview.error && !preview.isFetching ? (
          <ErrorMessage
            title="Could not work out what removing these frees: nothing was removed"
            error={preview.error}
          />
        ) : (
          <p className="loading" role="status">
            Asking the server what removing {count === 1 ? 'it' : 'them'} frees, in engine bytes and
            on disk…
          </p>
        )}
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
      {preview.data ? <RemovalBytes removed={removed} preview={preview.data} runs={runs} /> : null}
      {kept > 0 ? (
        <p className="muted">
          Kept images are listed with what holds them. Nothing else was touched.
        </p>
      ) : null}
      {mutation.error ? <ActionError error={mutation.error} /> : null}
    </ConfirmDialog>
  );
}
