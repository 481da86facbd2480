import Type from 'typebox';

const Bytes = Type.Integer({ minimum: 0 });

/** One row of `docker system df`, with exact bytes instead of rounded units. */
export const DiskCategorySchema = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  active: Type.Integer({ minimum: 0 }),
  totalBytes: Bytes,
  reclaimableBytes: Bytes,
});
export type DiskCategory = Type.Static<typeof DiskCategorySchema>;

export const DiskUsageSchema = Type.Object({
  source: Type.Literal('engine', {
    description:
      'These figures are the engine’s own (/system/df), computed as `docker system df` does.',
  }),
  images: DiskCategorySchema,
  containers: DiskCategorySchema,
  volumes: DiskCategorySchema,
  buildCache: DiskCategorySchema,
});
export type DiskUsage = Type.Static<typeof DiskUsageSchema>;
