import Type from 'typebox';
import { StringEnum } from './string-enum.js';
import { Nullable } from './nullable.js';
import { ExplorerProgressEventSchema } from './explorer-progress.js';

/*
 * What the server pushes on GET /api/events (server-sent events). Events only notify: the page
 * re-fetches the queries an event invalidates. Each SSE message has `event: <type>` and the
 * JSON of the matching schema as data.
 */

export const EngineEventSchema = Type.Object({
  type: Type.Literal('engine'),
  reachable: Type.Boolean(),
  message: Nullable(Type.String()),
});

export const InventoryChangedEventSchema = Type.Object({
  type: Type.Literal('inventory-changed'),
  /** Which resources changed, so the page re-fetches only those. */
  resources: Type.Array(StringEnum(['images', 'containers', 'volumes', 'build-cache', 'disk'])),
});

/** A data-root scan (GET /api/disk re-fetches on `done`); at most a few per second. */
export const ScanProgressEventSchema = Type.Object({
  type: Type.Literal('scan-progress'),
  scanId: Type.String(),
  phase: StringEnum(['running', 'done', 'failed']),
  partsDone: Type.Integer({
    minimum: 0,
    description: 'Directories measured (layer dirs, data-root parts); the progress bar.',
  }),
  partsTotal: Type.Integer({ minimum: 0 }),
  directoriesRead: Type.Integer({ minimum: 0, description: 'Directories read so far.' }),
  diskBytesDone: Type.Integer({ minimum: 0, description: 'Bytes measured so far (du -B1).' }),
  diskBytesExpected: Nullable(Type.Integer({ minimum: 0 }), {
    description: 'The previous scan’s total, for a second progress figure; null on a first scan.',
  }),
  message: Nullable(Type.String()),
});

/** A prune running on the server: how many of the confirmed items were handled. */
export const PruneProgressEventSchema = Type.Object({
  type: Type.Literal('prune-progress'),
  previewId: Type.String(),
  done: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  phase: StringEnum(['running', 'done', 'failed']),
});

export const ServerEventSchema = Type.Union([
  EngineEventSchema,
  InventoryChangedEventSchema,
  ScanProgressEventSchema,
  PruneProgressEventSchema,
  ExplorerProgressEventSchema,
]);
export type EngineEvent = Type.Static<typeof EngineEventSchema>;
export type InventoryChangedEvent = Type.Static<typeof InventoryChangedEventSchema>;
export type ScanProgressEvent = Type.Static<typeof ScanProgressEventSchema>;
export type PruneProgressEvent = Type.Static<typeof PruneProgressEventSchema>;
export type ServerEvent = Type.Static<typeof ServerEventSchema>;
export type ServerEventType = ServerEvent['type'];
