import type { EngineSummary } from '@footprint/shared';
import { ErrorMessage } from '../../../components/error-message';
import { inertAttribute } from '../../../lib/inert-text';
import { useSetEngineEnabled } from '../api/get-engines';

/**
 * Follow an engine or not (POST /api/engines/:engineId/enabled). Turning one off changes
 * nothing on the engine: the dashboard stops watching it, and its pages say so.
 */
export function EngineToggle({ engine }: { engine: EngineSummary }) {
  const mutation = useSetEngineEnabled();
  const busy = mutation.isPending;
  return (
    <div className="engine-toggle">
      <button
        type="button"
        role="switch"
        className="button"
        aria-checked={engine.enabled}
        aria-label={inertAttribute(`Follow ${engine.name}`, 80)}
        disabled={busy}
        onClick={() => mutation.mutate({ engineId: engine.id, enabled: !engine.enabled })}
      >
        <span className="engine-toggle-track" aria-hidden="true" />
        {busy
          ? engine.enabled
            ? 'Turning off…'
            : 'Turning on…'
          : engine.enabled
            ? 'Followed'
            : 'Off'}
      </button>
      {mutation.error ? (
        <ErrorMessage
          title={engine.enabled ? 'Could not turn it off' : 'Could not turn it on'}
          error={mutation.error}
        />
      ) : null}
    </div>
  );
}
