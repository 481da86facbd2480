import type { Health } from '@footprint/shared';
import { InertText } from '../../../components/inert-text';
import { inertAttribute } from '../../../lib/inert-text';
import type { EngineState } from '../utils/engine-state';

const stateLabels: Record<EngineState, string> = {
  checking: 'Checking engine…',
  up: 'Engine connected',
  down: 'Engine unreachable',
};

interface EngineStatusProps {
  state: EngineState;
  health: Health | undefined;
}

/** The header's line about the engine: whether it answers, and what it is. */
export function EngineStatus({ state, health }: EngineStatusProps) {
  const engine = health?.engine;
  const facts: [string, string | null | undefined][] = [
    ['Engine', engine?.version],
    ['API', engine?.apiVersion],
    ['Storage driver', engine?.storageDriver],
    ['Root dir', engine?.dockerRootDir],
  ];
  return (
    <section className="engine-status" aria-label="Engine status">
      <p
        className="engine-state"
        data-state={state}
        title={engine ? inertAttribute(engine.endpoint) : undefined}
      >
        <span className="engine-state-dot" aria-hidden="true" />
        {stateLabels[state]}
      </p>
      {state === 'up' ? (
        <dl className="engine-facts">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value ? <InertText value={value} max={80} /> : 'unknown'}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </section>
  );
}
