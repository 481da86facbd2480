import Type from 'typebox';
import { DiskTruthFields } from './disk-truth.js';

const Bytes = Type.Integer({ minimum: 0 });

/** One row of `docker system df`, with exact bytes instead of rounded units. */
export const DiskCategorySchema = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  active: Type.Integer({ minimum: 0 }),
  totalBytes: Bytes,
  reclaimableBytes: Bytes,
});
export type DiskCategory = Type.Static<typeof DiskCategorySchema>;

const engineFields = {
  source: Type.Literal('engine', {
    description:
      'images, containers, volumes and buildCache are the engine’s own figures (/system/df), ' +
      'computed as `docker system df` does; the other fields are measured on disk.',
  }),
  engineMeasuredAt: Type.String({
    format: 'date-time',
    description:
      'When the engine was asked. The answer is kept until an engine event changes what it ' +
      'holds; writable layers and volumes also grow without one, so a kept answer is asked ' +
      'again in the background once it is 15 s old.',
  }),
  engineKept: Type.Optional(
    Type.Boolean({
      description:
        'true: these engine rows are the answer kept from before the server started ' +
        '(engineMeasuredAt says when); the engine is being asked again, and an ' +
        'inventory-changed event says when its answer is in. Absent once it is.',
    }),
  ),
  images: DiskCategorySchema,
  containers: DiskCategorySchema,
  volumes: DiskCategorySchema,
  buildCache: DiskCategorySchema,
};

/** The engine's half of GET /api/disk: the rows of `docker system df`. */
export const EngineDiskUsageSchema = Type.Object(engineFields);
export type EngineDiskUsage = Type.Static<typeof EngineDiskUsageSchema>;

export const DiskUsageSchema = Type.Object({ ...engineFields, ...DiskTruthFields });
export type DiskUsage = Type.Static<typeof DiskUsageSchema>;
