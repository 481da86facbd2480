import ValidatorSelector from '@fastify/ajv-compiler';
import * as shared from '@footprint/shared';
import { describe, expect, it } from 'vitest';
import { ajvOptions, type Factory, type Validate } from '../../src/lazy-schemas.js';

/*
 * The server compiles its routes' schemas without ajv's check against the JSON Schema
 * meta-schema (lazy-schemas.ts, ajvOptions: it cost a warm restart's first answer 20 ms). The
 * check is here instead, for every schema of the shared contract the routes are declared with:
 * fastify's own validator compiler, with its default options and the check on.
 */

// The call shape fastify uses, as lazy-schemas.ts describes it for the server's own compilers.
const checked = (ValidatorSelector as unknown as () => Factory<Validate>)()(
  {},
  { customOptions: { ...ajvOptions.customOptions, validateSchema: true }, plugins: [] },
);

const schemas = Object.entries(shared).filter(
  ([name, value]) => name.endsWith('Schema') && typeof value === 'object' && value !== null,
);

describe('the shared contract’s schemas', () => {
  it('are all found: the route table’s request and answer shapes', () => {
    const names = schemas.map(([name]) => name);
    for (const name of ['ImageListQuerySchema', 'ImageListSchema', 'DiskUsageSchema'])
      expect(names).toContain(name);
    expect(names.length).toBeGreaterThan(60);
  });

  it.each(schemas)('%s is valid JSON Schema, as ajv checks it', (name, schema) => {
    expect(() =>
      checked({ schema, method: 'GET', url: `/${name}`, httpPart: 'body' }),
    ).not.toThrow();
  });

  it('a schema the meta-schema refuses is refused by that check', () => {
    const invalid = { type: 'object', properties: { size: { type: 'integer', minimum: 'none' } } };
    expect(() => checked({ schema: invalid, method: 'GET', url: '/', httpPart: 'body' })).toThrow(
      /schema is invalid/,
    );
  });
});
