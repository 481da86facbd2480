import { Nullable, StringEnum } from '@footprint/shared';
import Fastify from 'fastify';
import Type from 'typebox';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * The shared contract's nullable fields and string enums, through Fastify as the routes use
 * them: its ajv validates requests, fast-json-stringify writes answers. Both shapes are plain
 * JSON Schema (a type list, an enum) rather than anyOf, which the serializer would handle by
 * validating every value against every branch.
 */

const Kind = StringEnum({ file: 'A regular file.', dir: '', symlink: '' }, { description: 'What' });
const Shape = Type.Object({
  name: Nullable(Type.String({ minLength: 2 })),
  size: Nullable(Type.Integer({ minimum: 0 }), { description: 'Bytes.' }),
  kind: Kind,
  linkKind: Nullable(Kind),
  owner: Nullable(Type.Object({ uid: Type.Integer() })),
  phase: StringEnum(['running', 'done']),
});

const app = Fastify();
app.post('/echo', { schema: { body: Shape, response: { 200: Shape } } }, (request) => request.body);
afterAll(() => app.close());

async function echo(payload: unknown) {
  const answer = await app.inject({ method: 'POST', url: '/echo', payload: payload as object });
  return { status: answer.statusCode, body: answer.json() as unknown };
}

const full = {
  name: 'app',
  size: 42,
  kind: 'file',
  linkKind: 'dir',
  owner: { uid: 0 },
  phase: 'done',
};

describe('Nullable and StringEnum', () => {
  it('are a type list and an enum, not an anyOf', () => {
    expect(Shape.properties.name).toMatchObject({ type: ['string', 'null'], minLength: 2 });
    expect(Shape.properties.size).toMatchObject({
      type: ['integer', 'null'],
      description: 'Bytes.',
    });
    expect(Shape.properties.linkKind).toMatchObject({
      type: ['string', 'null'],
      enum: ['file', 'dir', 'symlink', null],
    });
    expect(Shape.properties.owner).toMatchObject({ type: ['object', 'null'] });
    expect(Kind).toEqual({
      type: 'string',
      enum: ['file', 'dir', 'symlink'],
      description: 'What\n- `file`: A regular file.',
    });
    expect(JSON.stringify(Shape)).not.toContain('anyOf');
  });

  it('accept and write values and nulls alike', async () => {
    expect(await echo(full)).toEqual({ status: 200, body: full });
    const nulls = { ...full, name: null, size: null, linkKind: null, owner: null };
    expect(await echo(nulls)).toEqual({ status: 200, body: nulls });
  });

  it.each([
    ['a value outside the enum', { kind: 'socket' }],
    ['a value outside the nullable enum', { linkKind: 'socket' }],
    ['a string against its keywords', { name: 'x' }],
    ['a number against its keywords', { size: -1 }],
    ['an object against its properties', { owner: { uid: 'root' } }],
  ])('refuse %s', async (_what, change) => {
    expect((await echo({ ...full, ...change })).status).toBe(400);
  });
});
