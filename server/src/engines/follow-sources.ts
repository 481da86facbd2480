import type { FastifyBaseLogger } from 'fastify';
import type { EngineRegistry } from './engine-registry.js';
import type { EngineSource } from './engine-source.js';
import { type DiscoverOptions, discoverEngines, watchEngineSources } from './sources/index.js';

/**
 * Follows the engines the person configured: the registry gets what discoverEngines finds now,
 * and again whenever a docker context, config.json, a Podman config file or a Podman socket
 * changes, so a context added while the server runs appears without a restart. Returns the
 * function that stops watching. `fixed` engines (named by the caller) are followed throughout.
 */
export async function followEngineSources(
  registry: EngineRegistry,
  options: DiscoverOptions,
  fixed: readonly EngineSource[],
  log: FastifyBaseLogger,
): Promise<() => void> {
  let syncing: Promise<void> = Promise.resolve();
  const sync = () => {
    // One discovery at a time, in order: a later change is read after the earlier one is done.
    syncing = syncing
      .then(async () => {
        const { engines, problems } = await discoverEngines(options);
        await registry.sync([...fixed, ...engines], problems);
      })
      .catch((error: unknown) => log.warn({ err: error }, 'the configured engines were not read'));
    return syncing;
  };
  const watcher = watchEngineSources(options, sync, {
    onError: (error) => log.warn({ err: error }, 'watching the engine configuration failed'),
  });
  await sync();
  return () => watcher.close();
}
