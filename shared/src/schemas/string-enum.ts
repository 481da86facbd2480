import Type from 'typebox';

/**
 * One of the given strings, as `{ type: 'string', enum }` rather than TypeBox's anyOf of
 * literals: fast-json-stringify writes the former as a string, but the latter by validating
 * each value against each literal with ajv, whose validators it compiled on each route's first
 * answer. Given as a record, each value's description (empty for none) is listed in the
 * schema's description, which OpenAPI shows.
 */
export function StringEnum<const V extends string>(
  values: readonly V[] | Readonly<Record<V, string>>,
  options: Type.TSchemaOptions = {},
) {
  const described: [string, string][] = Array.isArray(values)
    ? []
    : Object.entries<string>(values as Record<V, string>).filter(([, text]) => text !== '');
  const description = [
    options.description,
    ...described.map(([value, text]) => `- \`${value}\`: ${text}`),
  ].filter((line) => line !== undefined);
  return Type.Unsafe<V>({
    ...options,
    ...(description.length > 0 ? { description: description.join('\n') } : {}),
    type: 'string',
    enum: Array.isArray(values) ? [...values] : Object.keys(values),
  });
}
