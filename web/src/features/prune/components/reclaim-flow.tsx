import type { PruneResult } from '@footprint/shared';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import '../../../components/actions.css';
import { Panel } from '../../../components/panel';
import { ActionError } from '../../image-actions/components/action-error';
import { useImages } from '../../images/api/get-images';
import { useSession } from '../../session/api/get-session';
import { SessionNote } from '../../session/components/action-gate';
import { usePruneStatus } from '../api/get-prune-status';
import { usePreviewPrune } from '../api/preview-prune';
import { usePruneProgress } from '../api/prune-progress';
import { useRunPrune } from '../api/run-prune';
import {
  formFromParams,
  paramsFromForm,
  type PruneForm,
  requestFromForm,
} from '../utils/prune-url';
import { PruneConfirmDialog } from './prune-confirm-dialog';
import { PruneFormView } from './prune-form';
import { PrunePreviewView } from './prune-preview';
import { PruneReport } from './prune-report';
import { count } from '../../../lib/count';

/** Choose, preview, confirm, report: the whole prune, each step shown where it happens. */
export function ReclaimFlow() {
  const { access } = useSession();
  if (access === 'unknown') return null;
  if (access === 'read-only') {
    return (
      <Panel id="reclaim" title="Reclaim space" pageHeading>
        <div className="panel-body">
          <p data-testid="read-only-note">
            This server runs in read-only mode: nothing can be removed or pruned here.
          </p>
        </div>
      </Panel>
    );
  }
  if (access === 'unauthorized') {
    return (
      <Panel id="reclaim" title="Reclaim space" pageHeading>
        <div className="panel-body">
          <SessionNote />
        </div>
      </Panel>
    );
  }
  return <AllowedReclaimFlow />;
}

function AllowedReclaimFlow() {
  const [params, setParams] = useSearchParams();
  const form = formFromParams(params);
  const { problem, request } = requestFromForm(form);
  const preview = usePreviewPrune();
  const run = useRunPrune();
  const status = usePruneStatus();
  // For "last use known since": the same list the Images page reads.
  const knownSince = useImages().data?.lastUseKnownSince;
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<PruneResult | null>(null);
  const running = run.isPending || status.data?.running === true;
  const progress = usePruneProgress(running);
  const shown = preview.data;

  const change = (next: PruneForm) => {
    // A preview stands for the form it was made from: a new form needs a new preview.
    preview.reset();
    setParams(paramsFromForm(next), { replace: true });
  };

  const confirm = async (previewId: string) => {
    try {
      const answer = await run.mutateAsync(previewId);
      setResult(answer);
      preview.reset();
    } catch {
      // run.error is shown beside the preview.
    }
    setConfirming(false);
  };

  return (
    <>
      <Panel
        id="reclaim"
        title="Reclaim space"
        pageHeading
        meta="Choose what to remove; the preview lists exactly what would go before anything runs"
      >
        <div className="panel-body">
          <PruneFormView
            form={form}
            onChange={change}
            onPreview={() => {
              setResult(null);
              run.reset();
              if (request) preview.mutate(request);
            }}
            busy={preview.isPending}
            problem={problem}
            lastUseKnownSince={knownSince}
          />
          {preview.error ? <ActionError error={preview.error} /> : null}
        </div>
      </Panel>

      {running ? (
        <div className="action-note" role="status" data-testid="prune-running">
          A prune is running
          {progress ? `: ${progress.done} of ${count(progress.total, 'item')} handled` : '…'}
          {progress && progress.total > 0 ? (
            <progress className="progress" max={progress.total} value={progress.done} />
          ) : null}
        </div>
      ) : null}

      {shown ? (
        <Panel id="preview" title="Preview" meta="In the order they would be removed">
          <div className="panel-body">
            <PrunePreviewView
              preview={shown}
              onPrune={() => {
                run.reset();
                setConfirming(true);
              }}
              disabled={running}
            />
            {run.error ? <ActionError error={run.error} /> : null}
          </div>
          {confirming ? (
            <PruneConfirmDialog
              preview={shown}
              busy={run.isPending}
              onCancel={() => setConfirming(false)}
              onConfirm={() => void confirm(shown.previewId)}
            />
          ) : null}
        </Panel>
      ) : run.error ? (
        <ActionError error={run.error} />
      ) : null}

      {result ? (
        <Panel id="prune-result" title="Result" meta="Per item, with the bytes that came back">
          <div className="panel-body">
            <PruneReport result={result} />
          </div>
        </Panel>
      ) : null}
    </>
  );
}
