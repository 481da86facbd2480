import type { ContainerDisk, ContainerRemoval, ContainerRemovalPreview } from '@footprint/shared';
import { useState } from 'react';
import { Bytes, MaybeBytes, SourceTag } from '../../../components/bytes';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { InertText } from '../../../components/inert-text';
import { ApiRequestError } from '../../../lib/api-client';
import { inertAttribute, inertValue } from '../../../lib/inert-text';
import { useContainerRemovalPreview, useRemoveContainer } from '../api/remove-container';
import '../../../components/action-fields.css';

interface RemoveContainerDialogProps {
  container: Pick<ContainerDisk, 'id' | 'names'>;
  onClose: (removed: ContainerRemoval | null) => void;
}

const shortId = (id: string) => id.slice(0, 12);

/** A refused or failed step, where it was taken: the server's words and code. */
function ContainerActionError({ error }: { error: Error }) {
  const code = error instanceof ApiRequestError ? error.code : null;
  return (
    <div
      className="action-error"
      role="alert"
      data-code={code !== null ? inertAttribute(code) : undefined}
    >
      <p>
        <strong>
          {code === 'CONTAINER_STATE_CHANGED'
            ? 'The container changed since this was shown'
            : code === 'CONTAINER_RUNNING'
              ? 'The container is running'
              : 'The container was not removed'}
        </strong>
      </p>
      <p>
        <InertText value={error.message} max={600} />
      </p>
      {code ? <p className="error-message-code">Error code: {inertValue(code, 80).shown}</p> : null}
    </div>
  );
}

/**
 * Remove one container: first what goes (its writable layer as the engine counts it and on
 * disk, its logs, its anonymous volumes if chosen), then the report of what came back. A
 * running container is offered "Stop and remove" by name, never removed by a plain "Remove".
 */
export function RemoveContainerDialog({ container, onClose }: RemoveContainerDialogProps) {
  const preview = useContainerRemovalPreview(container.id);
  const mutation = useRemoveContainer();
  const [removeVolumes, setRemoveVolumes] = useState(false);
  const [result, setResult] = useState<ContainerRemoval | null>(null);
  const busy = mutation.isPending;
  const name = container.names[0] ?? shortId(container.id);

  if (result !== null) {
    return (
      <ConfirmDialog
        title="Container removed"
        onClose={() => onClose(result)}
        testId="container-removal-report"
        actions={
          <button type="button" className="button" onClick={() => onClose(result)}>
            Close
          </button>
        }
      >
        <ContainerReport result={result} />
      </ConfirmDialog>
    );
  }

  const plan = preview.data;
  const remove = async (stop: boolean) => {
    if (plan === undefined) return;
    try {
      setResult(
        await mutation.mutateAsync({
          id: plan.id,
          expectedState: plan.state,
          stop,
          removeVolumes,
        }),
      );
    } catch {
      // mutation.error is shown below.
    }
  };

  return (
    <ConfirmDialog
      title="Remove container?"
      onClose={() => onClose(null)}
      busy={busy}
      testId="remove-container-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={() => onClose(null)} disabled={busy}>
            Cancel
          </button>
          {plan !== undefined ? (
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() => void remove(plan.running)}
            >
              {busy ? 'Removing…' : plan.running ? 'Stop and remove' : 'Remove container'}
            </button>
          ) : null}
        </>
      }
    >
      <p>
        Remove container <InertText className="mono" value={name} max={80} /> (
        <span className="mono">{shortId(container.id)}</span>), this one only, if it is still in the
        state shown here.
      </p>
      {preview.isPending ? <p role="status">Measuring its writable layer and logs…</p> : null}
      {preview.error ? <ContainerActionError error={preview.error} /> : null}
      {plan !== undefined ? (
        <ContainerPreview
          plan={plan}
          removeVolumes={removeVolumes}
          onRemoveVolumes={setRemoveVolumes}
          busy={busy}
        />
      ) : null}
      {mutation.error ? <ContainerActionError error={mutation.error} /> : null}
    </ConfirmDialog>
  );
}

function ContainerPreview({
  plan,
  removeVolumes,
  onRemoveVolumes,
  busy,
}: {
  plan: ContainerRemovalPreview;
  removeVolumes: boolean;
  onRemoveVolumes: (value: boolean) => void;
  busy: boolean;
}) {
  const { disk } = plan;
  const layerAndInit =
    disk.writableLayerBytes !== null && disk.initLayerBytes !== null
      ? disk.writableLayerBytes + disk.initLayerBytes
      : null;
  return (
    <>
      <p>
        Image <InertText className="mono" value={plan.image} max={80} />, state{' '}
        <span className="state" data-state={inertAttribute(plan.state)}>
          <InertText value={plan.state} max={40} />
        </span>
        .
      </p>
      {plan.running ? (
        <p className="action-note" data-testid="running-warning">
          It is {inertValue(plan.state, 40).shown}: removing it stops it first (its processes get
          SIGTERM, then SIGKILL after its stop timeout). Whatever it serves stops too.
        </p>
      ) : null}
      <dl className="action-figures" data-testid="container-removal-figures">
        <dt>
          Writable layer <SourceTag source="engine" />
        </dt>
        <dd data-bytes={plan.sizeRw ?? undefined}>
          <MaybeBytes
            value={plan.sizeRw}
            source="engine"
            missingLabel="unknown"
            reason="The engine did not compute the size."
          />{' '}
          (SizeRw)
        </dd>
        <dt>
          Writable layer + init <SourceTag source="disk" />
        </dt>
        <dd data-disk-bytes={layerAndInit ?? undefined}>
          <MaybeBytes value={layerAndInit} source="disk" reason={disk.note} />
        </dd>
        <dt>
          Logs <SourceTag source="disk" />
        </dt>
        <dd data-disk-bytes={disk.logBytes ?? undefined}>
          <MaybeBytes value={disk.logBytes} source="disk" reason={disk.note} />
        </dd>
        <dt>
          Comes back in all <SourceTag source="disk" />
        </dt>
        <dd data-disk-bytes={disk.totalBytes ?? undefined} data-testid="container-total-disk">
          <MaybeBytes value={disk.totalBytes} source="disk" reason={disk.note} /> (layers, links,
          config, logs and mount record, as du counts them)
        </dd>
      </dl>
      {disk.note !== null ? (
        <p className="muted">
          <InertText value={disk.note} max={300} />
        </p>
      ) : null}
      {plan.anonymousVolumes.length > 0 ? (
        <fieldset className="action-options">
          <legend>Anonymous volumes</legend>
          <label>
            <input
              type="checkbox"
              checked={removeVolumes}
              disabled={busy}
              onChange={(event) => onRemoveVolumes(event.target.checked)}
            />{' '}
            Also remove its{' '}
            {plan.anonymousVolumes.length === 1
              ? 'anonymous volume'
              : `${plan.anonymousVolumes.length} anonymous volumes`}{' '}
            (docker rm -v)
          </label>
          <ul>
            {plan.anonymousVolumes.map((volume) => (
              <li key={volume.name}>
                <InertText className="mono" value={volume.name.slice(0, 12)} />{' '}
                <MaybeBytes value={volume.diskBytes} source="disk" /> on disk
                {volume.usedBy.length > 0
                  ? `; also used by ${volume.usedBy.map(shortId).join(', ')}, so the engine keeps it`
                  : ''}
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
    </>
  );
}

function ContainerReport({ result }: { result: ContainerRemoval }) {
  return (
    <div data-testid="container-report">
      <p>
        Container <InertText className="mono" value={result.name} max={80} /> (
        <span className="mono">{shortId(result.id)}</span>) is gone
        {result.stopped ? '; it was stopped first' : ''}.
      </p>
      <dl className="action-figures">
        <dt>
          Writable layer <SourceTag source="engine" />
        </dt>
        <dd data-bytes={result.sizeRw ?? undefined}>
          <MaybeBytes value={result.sizeRw} source="engine" missingLabel="unknown" /> (SizeRw right
          before removal)
        </dd>
        <dt>
          Data root lost <SourceTag source="disk" />
        </dt>
        <dd
          data-disk-bytes={result.disk?.reclaimedBytes ?? undefined}
          data-testid="container-reclaimed"
        >
          {result.disk !== null ? (
            <>
              <Bytes value={result.disk.reclaimedBytes} source="disk" /> (measured before and after)
            </>
          ) : (
            <MaybeBytes value={null} reason={result.diskNote} />
          )}
        </dd>
      </dl>
      {result.removedVolumes.length > 0 ? (
        <p>
          Anonymous volumes removed:{' '}
          <InertText
            className="mono"
            value={result.removedVolumes.map((v) => v.slice(0, 12)).join(', ')}
          />
        </p>
      ) : null}
      {result.keptVolumes.length > 0 ? (
        <p className="muted">
          Volumes kept:{' '}
          <InertText
            className="mono"
            value={result.keptVolumes.map((v) => v.slice(0, 12)).join(', ')}
          />
        </p>
      ) : null}
    </div>
  );
}
