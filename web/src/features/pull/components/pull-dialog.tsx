import type { PullState } from '@footprint/shared';
import { humanBytes } from '@footprint/shared';
import { type FormEvent, useId, useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ErrorMessage } from '../../../components/error-message';
import '../../../components/action-fields.css';
import { usePreviewPull } from '../api/preview-pull';
import { usePullProgress } from '../api/pull-progress';
import { useCancelPull, useStartPull } from '../api/start-pull';
import { parsePlatform } from '../utils/pull-format';
import { PullPreviewView } from './pull-preview-view';
import { PullProgressView } from './pull-progress-view';
import '../pull.css';

interface PullDialogProps {
  onClose: () => void;
  /** A pull the server is running already (found after a reload): shown at once. */
  running?: PullState | null;
}

/**
 * Pull an image: first the preview (nothing is downloaded), then the pull, which the server
 * owns: closing this dialog or the page does not stop it; Cancel does.
 */
export function PullDialog({ onClose, running = null }: PullDialogProps) {
  const referenceId = useId();
  const platformId = useId();
  const [reference, setReference] = useState('');
  const [platformText, setPlatformText] = useState('');
  const [pull, setPull] = useState<PullState | null>(running);
  const preview = usePreviewPull();
  const start = useStartPull();
  const cancel = useCancelPull();
  const state = usePullProgress(pull?.id ?? null, pull);

  const platform = parsePlatform(platformText);
  const asked = { reference: reference.trim(), platform: platform === 'invalid' ? null : platform };
  const previewed = preview.data;
  const inProgress = state !== null && (state.phase === 'measuring' || state.phase === 'pulling');

  const onPreview = (event: FormEvent) => {
    event.preventDefault();
    if (asked.reference === '' || platform === 'invalid') return;
    setPull(null);
    start.reset();
    preview.mutate(asked);
  };

  return (
    <ConfirmDialog
      title="Pull an image"
      onClose={onClose}
      testId="pull-dialog"
      actions={
        <>
          {inProgress && state !== null ? (
            <button
              type="button"
              className="button"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate(state.id)}
            >
              Cancel the pull
            </button>
          ) : null}
          <button type="button" className="button button-quiet" onClick={onClose}>
            {inProgress ? 'Close (the pull goes on)' : 'Close'}
          </button>
          {state === null && previewed !== undefined ? (
            <button
              type="button"
              className="button button-primary"
              disabled={start.isPending}
              onClick={() =>
                start.mutate(
                  { reference: previewed.reference, platform: asked.platform },
                  { onSuccess: (started) => setPull(started) },
                )
              }
            >
              Pull ({humanBytes(previewed.downloadBytes)} to download)
            </button>
          ) : null}
        </>
      }
    >
      {state === null ? (
        <form className="pull-form" onSubmit={onPreview}>
          <div className="field">
            <label htmlFor={referenceId}>Image reference</label>
            <input
              id={referenceId}
              className="input"
              value={reference}
              placeholder="debian:12, ghcr.io/owner/app:1.2, host:5000/app@sha256:…"
              onChange={(event) => setReference(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              required
            />
          </div>
          <div className="field">
            <label htmlFor={platformId}>Platform (empty: the engine’s own)</label>
            <input
              id={platformId}
              className="input"
              value={platformText}
              placeholder="linux/arm64"
              onChange={(event) => setPlatformText(event.target.value)}
              aria-invalid={platform === 'invalid' || undefined}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <button type="submit" className="button" disabled={preview.isPending}>
            {preview.isPending ? 'Asking the registry…' : 'Preview the pull'}
          </button>
          {platform === 'invalid' ? (
            <p className="action-note">Write the platform as os/architecture[/variant].</p>
          ) : null}
        </form>
      ) : null}
      {preview.error !== null && state === null ? (
        <ErrorMessage title="Could not preview this pull" error={preview.error} />
      ) : null}
      {start.error !== null ? (
        <ErrorMessage title="The pull did not start" error={start.error} />
      ) : null}
      {cancel.error !== null ? (
        <ErrorMessage title="Could not cancel" error={cancel.error} />
      ) : null}
      {state === null && previewed !== undefined ? <PullPreviewView preview={previewed} /> : null}
      {state !== null ? <PullProgressView state={state} /> : null}
    </ConfirmDialog>
  );
}
