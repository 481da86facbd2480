import Type from 'typebox';
import { Nullable } from './nullable.js';

/** Volumes and build cache records as the engine's /system/df lists them (read only). */

export const VolumeUserSchema = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  name: Type.String(),
  state: Type.String(),
});

export const VolumeSummarySchema = Type.Object({
  name: Type.String(),
  anonymous: Type.Boolean({ description: 'Created without a name (`-v /data`, VOLUME).' }),
  size: Nullable(
    Type.Integer({
      minimum: 0,
      description: 'Bytes as the engine reports them (/system/df); null when the driver does not.',
    }),
  ),
  created: Nullable(Type.String({ format: 'date-time' })),
  containers: Type.Array(VolumeUserSchema, { description: 'Containers (any state) mounting it.' }),
});
export type VolumeSummary = Type.Static<typeof VolumeSummarySchema>;

export const VolumeListSchema = Type.Object({ volumes: Type.Array(VolumeSummarySchema) });
export type VolumeList = Type.Static<typeof VolumeListSchema>;

export const BuildCacheRecordSchema = Type.Object({
  id: Type.String(),
  description: Type.String({ description: 'The build step, e.g. "[2/2] RUN make".' }),
  size: Type.Integer({ minimum: 0, description: 'Bytes as the engine reports them.' }),
  inUse: Type.Boolean(),
  shared: Type.Boolean({
    description: 'Its data is shared with image layers: removing the record frees nothing.',
  }),
  created: Nullable(Type.String({ format: 'date-time' })),
  lastUsed: Nullable(Type.String({ format: 'date-time' })),
});
export type BuildCacheRecord = Type.Static<typeof BuildCacheRecordSchema>;

export const BuildCacheListSchema = Type.Object({ records: Type.Array(BuildCacheRecordSchema) });
export type BuildCacheList = Type.Static<typeof BuildCacheListSchema>;
