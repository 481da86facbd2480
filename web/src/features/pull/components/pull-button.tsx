import { useState } from 'react';
import { ActionGate } from '../../session/components/action-gate';
import { usePulls } from '../api/get-pulls';
import { PullDialog } from './pull-dialog';

/**
 * The Images toolbar's "Pull…" button. None in read-only mode (the server refuses pulls there).
 * A pull the server is still running (started before a reload) is shown when the dialog opens.
 */
export function PullButton() {
  return (
    <ActionGate>
      <PullButtonInner />
    </ActionGate>
  );
}

function PullButtonInner() {
  const [open, setOpen] = useState(false);
  const pulls = usePulls({ enabled: true });
  const running =
    pulls.data?.pulls.find((pull) => pull.phase === 'measuring' || pull.phase === 'pulling') ??
    null;
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => setOpen(true)}
        data-testid="pull-open"
      >
        {running !== null ? 'Pull… (1 running)' : 'Pull…'}
      </button>
      {open ? <PullDialog running={running} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
