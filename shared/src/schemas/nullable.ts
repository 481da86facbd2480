import Type from 'typebox';

/**
 * A value of `schema`, or null. A schema of one type becomes JSON Schema's own union of types,
 * `type: [<its type>, 'null']`, rather than an anyOf: fast-json-stringify writes the former
 * after a typeof check, but the latter by validating each value against each branch with ajv,
 * whose validators it compiled on each route's first answer (110 ms of a cold start at 2,000
 * images). Any other schema (a $ref, a union) is an anyOf with null.
 */
export function Nullable<T extends Type.TSchema>(schema: T, options: Type.TSchemaOptions = {}) {
  const { type, enum: values } = schema as { type?: unknown; enum?: unknown[] };
  return Type.Unsafe<Type.Static<T> | null>(
    typeof type === 'string'
      ? {
          ...schema,
          ...options,
          type: [type, 'null'],
          // enum holds for every type: null has to be one of its values.
          ...(values !== undefined ? { enum: [...values, null] } : {}),
        }
      : Type.Union([schema, Type.Null()], options),
  );
}
