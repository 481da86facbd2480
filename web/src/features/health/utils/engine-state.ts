import type { Health } from '@footprint/shared';

/** While the engine is down the page checks often, to come back as soon as it does. */
export const pollWhileDownMs = 2_000;
export const pollWhileUpMs = 10_000;

/**
 * - checking: no answer yet
 * - up: the server answered and the engine is reachable
 * - down: the engine is not reachable, or the server itself did not answer
 */
export type EngineState = 'checking' | 'up' | 'down';

export function engineState(health: Health | undefined, error: unknown): EngineState {
  if (error) return 'down';
  if (health === undefined) return 'checking';
  return health.engine.reachable ? 'up' : 'down';
}

export function healthPollInterval(health: Health | undefined, error: unknown): number {
  return engineState(health, error) === 'up' ? pollWhileUpMs : pollWhileDownMs;
}
