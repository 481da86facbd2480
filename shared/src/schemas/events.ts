import Type from 'typebox';

/*
 * What the server pushes on GET /api/events (server-sent events). Events only notify: the page
 * re-fetches the queries an event invalidates. Each SSE message has `event: <type>` and the
 * JSON of the matching schema as data.
 */

export const EngineEventSchema = Type.Object({
  type: Type.Literal('engine'),
  reachable: Type.Boolean(),
  message: Type.Union([Type.String(), Type.Null()]),
});

export const InventoryChangedEventSchema = Type.Object({
  type: Type.Literal('inventory-changed'),
  /** Which resources changed, so the page re-fetches only those. */
  resources: Type.Array(
    Type.Union([
      Type.Literal('images'),
      Type.Literal('containers'),
      Type.Literal('volumes'),
      Type.Literal('build-cache'),
      Type.Literal('disk'),
    ]),
  ),
});

export const ScanProgressEventSchema = Type.Object({
  type: Type.Literal('scan-progress'),
  scanId: Type.String(),
  phase: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  directoriesDone: Type.Integer({ minimum: 0 }),
  directoriesTotal: Type.Integer({ minimum: 0 }),
  bytesDone: Type.Integer({ minimum: 0 }),
  message: Type.Union([Type.String(), Type.Null()]),
});

export const ServerEventSchema = Type.Union([
  EngineEventSchema,
  InventoryChangedEventSchema,
  ScanProgressEventSchema,
]);
export type EngineEvent = Type.Static<typeof EngineEventSchema>;
export type InventoryChangedEvent = Type.Static<typeof InventoryChangedEventSchema>;
export type ScanProgressEvent = Type.Static<typeof ScanProgressEventSchema>;
export type ServerEvent = Type.Static<typeof ServerEventSchema>;
export type ServerEventType = ServerEvent['type'];
