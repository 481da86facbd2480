import Type from 'typebox';
import { StringEnum } from './string-enum.js';
import { Nullable } from './nullable.js';
import { StorageBackendSchema } from './disk-truth.js';

/*
 * Every engine the dashboard follows (issue 19): docker contexts, Podman connections and
 * services, FOOTPRINT_ENGINES. Each has a stable ID, which is the `:engineId` path segment of
 * `/api/engines/:engineId/...`; the unscoped `/api/...` routes answer for the default engine.
 */

const Bytes = (description: string) => Type.Integer({ minimum: 0, description });

/** An engine ID as engineSourceId makes it: kind, a slug of the name, a hash. */
export const engineIdPattern = '^[a-z0-9][a-z0-9-]{0,62}$';

export const EngineIdSchema = Type.String({
  pattern: engineIdPattern,
  description: 'Stable across restarts for the same kind, name and address.',
});
export type EngineId = Type.Static<typeof EngineIdSchema>;

export const EngineParamsSchema = Type.Object({ engineId: EngineIdSchema });
export type EngineParams = Type.Static<typeof EngineParamsSchema>;

export const EngineKindSchema = StringEnum(['docker', 'podman']);
export type EngineKind = Type.Static<typeof EngineKindSchema>;

export const EngineTransportSchema = StringEnum(['unix', 'tcp', 'ssh', 'npipe']);
export type EngineTransportName = Type.Static<typeof EngineTransportSchema>;

export const EngineOriginSchema = StringEnum([
  'docker-host',
  'docker-context',
  'podman-connection',
  'podman-socket',
  'env',
]);

export const EngineConnectionStatusSchema = StringEnum(['connecting', 'up', 'away', 'off'], {
  description:
    'connecting: not yet answered since start; up: answering; away: not answering now (its ' +
    'last figures are kept, dated); off: turned off by the person (not followed).',
});
export type EngineConnectionStatus = Type.Static<typeof EngineConnectionStatusSchema>;

/** What the all-engines overview shows per engine; each figure says which kind it is. */
export const EngineTotalsSchema = Type.Object({
  imageCount: Type.Integer({ minimum: 0 }),
  containerCount: Type.Integer({ minimum: 0 }),
  engineBytes: Bytes(
    "The engine's own total (images + containers' writable layers + volumes + build cache, as " +
      'its /system/df reports them).',
  ),
  engineReclaimableBytes: Bytes(
    'What the engine says pruning unused images, stopped containers, unused volumes and build ' +
      'cache gives back (its /system/df figures).',
  ),
  diskBytes: Nullable(Bytes('The data root on disk, as `du -B1 -s`; null when not measured.')),
  asOf: Type.String({ description: 'When the engine answered these figures (ISO 8601).' }),
});
export type EngineTotals = Type.Static<typeof EngineTotalsSchema>;

export const EngineSummarySchema = Type.Object({
  id: EngineIdSchema,
  name: Type.String({ description: 'The context or connection name, as the person named it.' }),
  kind: EngineKindSchema,
  origin: EngineOriginSchema,
  transport: EngineTransportSchema,
  address: Type.String({ description: 'The address as configured (socket path or URL).' }),
  default: Type.Boolean({ description: 'The engine the unscoped /api/... routes answer for.' }),
  current: Type.Boolean({ description: "The engine the person's CLI uses now." }),
  enabled: Type.Boolean(),
  status: EngineConnectionStatusSchema,
  message: Nullable(Type.String(), {
    description: 'Why it is away or off, or what cannot be measured, in words to act on.',
  }),
  lastSeenAt: Nullable(Type.String({ description: 'When it last answered (ISO 8601).' })),
  version: Nullable(Type.String()),
  backend: Nullable(StorageBackendSchema),
  dataRoot: Nullable(
    Type.String({ description: "The engine's data root (Docker Root Dir / graphroot)." }),
  ),
  diskMeasured: Type.Boolean({
    description: 'Its data root is read from here, so on-disk figures exist for it.',
  }),
  diskReason: Nullable(Type.String({ description: 'Why on-disk figures do not exist for it.' })),
  totals: Nullable(EngineTotalsSchema, {
    description: 'The last figures it gave; null before it ever answered.',
  }),
});
export type EngineSummary = Type.Static<typeof EngineSummarySchema>;

export const EngineListSchema = Type.Object({
  engines: Type.Array(EngineSummarySchema),
  defaultEngineId: EngineIdSchema,
  problems: Type.Array(Type.String(), {
    description: 'Configured engines that could not be read (file and reason).',
  }),
});
export type EngineList = Type.Static<typeof EngineListSchema>;

export const EngineEnabledRequestSchema = Type.Object({ enabled: Type.Boolean() });
export type EngineEnabledRequest = Type.Static<typeof EngineEnabledRequestSchema>;
