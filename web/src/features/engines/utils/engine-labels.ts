import type {
  EngineConnectionStatus,
  EngineKind,
  EngineList,
  EngineSummary,
  EngineTransportName,
} from '@footprint/shared';

export const kindLabels: Record<EngineKind, string> = { docker: 'Docker', podman: 'Podman' };

export const transportLabels: Record<EngineTransportName, string> = {
  unix: 'unix socket',
  tcp: 'tcp',
  ssh: 'ssh',
  npipe: 'named pipe',
};

export const statusLabels: Record<EngineConnectionStatus, string> = {
  connecting: 'connecting',
  up: 'up',
  away: 'away',
  off: 'off',
};

/** "docker · unix socket": what the engine is and how it is reached. */
export function engineKindLine(engine: Pick<EngineSummary, 'kind' | 'transport'>): string {
  return `${kindLabels[engine.kind]} · ${transportLabels[engine.transport]}`;
}

/** The engine a page shows: by its ID, or the default one at unprefixed URLs. */
export function findEngine(list: EngineList, engineId: string | null): EngineSummary | undefined {
  const id = engineId ?? list.defaultEngineId;
  return list.engines.find((engine) => engine.id === id);
}

/** The section of an engine's pages a path is in: /engines/b/images/x -> /images; / for the overview. */
export function engineSection(pathname: string): string {
  if (/^\/engines\/?$/.test(pathname)) return '/';
  const rest = pathname.replace(/^\/engines\/[^/]+/, '');
  const first = rest.split('/')[1] ?? '';
  return first === '' ? '/' : `/${first}`;
}

/**
 * The same section of another engine: the default engine's at its unprefixed URL (as every
 * link made before there were several engines), the others under /engines/<id>. A detail page
 * (an image, a container) leads to its list: the same ID is another thing, or nothing, there.
 */
export function enginePagePathFor(engineId: string, defaultEngineId: string, section: string) {
  if (engineId === defaultEngineId) return section;
  const prefix = `/engines/${encodeURIComponent(engineId)}`;
  return section === '/' ? prefix : `${prefix}${section}`;
}
