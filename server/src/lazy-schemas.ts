import ValidatorSelector from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

/*
 * Fastify compiles every route's schemas when the app gets ready: ajv's validator of each
 * params, querystring and body, fast-json-stringify's writer of each response. At start-up that
 * was a quarter of the server's own boot by a CPU profile (about 160 ms of ajv and 100 ms of
 * fast-json-stringify of 0.8 s with no engine), for some 60 routes of which a page's first
 * answers use a dozen. Here each is compiled the first time its route is asked instead, by the
 * same compilers with the same options (fastify's defaults, which fastify builds the same way
 * when no factory is given): a route's first request pays its own few milliseconds.
 */

/**
 * Fastify's `ajv` option. Before it compiles a schema, ajv checks it against the JSON Schema
 * meta-schema, and the first check compiles the meta-schema's own validator: 18 to 26 ms of the
 * first answer after a warm restart (GET /api/images, its querystring), by marks, where the
 * schema itself then takes 5 ms. The schemas are the shared contract's, fixed when the server is
 * built, and route-schemas.test.ts checks every one against the meta-schema with fastify's own
 * compiler: the server does not check them again on each start.
 */
export const ajvOptions = { customOptions: { validateSchema: false } };

/** What fastify hands a compiler for one part of one route. */
interface RouteSchema {
  schema: unknown;
  method: string;
  url: string;
  httpPart?: string;
  httpStatus?: string;
}
export type Validate = ((data: unknown) => unknown) & { errors?: unknown };
type Serialize = (data: unknown) => string;
/** A factory as fastify calls it: (its added schemas, its ajv or serializer options). */
export type Factory<T> = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => T;
type Factories = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;

/** A validator compiled on its first call; fastify reads a failed validation's `errors` from it. */
function lazyValidator(compile: () => Validate): Validate {
  let compiled: Validate | undefined;
  const validate: Validate = (data) => (compiled ??= compile())(data);
  Object.defineProperty(validate, 'errors', { get: () => compiled?.errors ?? null });
  return validate;
}

function lazySerializer(compile: () => Serialize): Serialize {
  let compiled: Serialize | undefined;
  return (data) => (compiled ??= compile())(data);
}

/** Fastify's `schemaController` option: its default compilers, each schema compiled on first use. */
export function compiledOnFirstUse(): NonNullable<FastifyServerOptions['schemaController']> {
  // Their published types describe other call shapes than the one fastify uses (route.js).
  const buildValidator = ValidatorSelector() as unknown as Factory<Validate>;
  const buildSerializer = SerializerSelector() as unknown as Factory<Serialize>;
  const validators: Factory<Validate> = (externalSchemas, options) => {
    const compile = buildValidator(externalSchemas, options);
    return (route) => lazyValidator(() => compile(route));
  };
  const serializers: Factory<Serialize> = (externalSchemas, options) => {
    const compile = buildSerializer(externalSchemas, options);
    return (route) => lazySerializer(() => compile(route));
  };
  return {
    compilersFactory: {
      buildValidator: validators as unknown as Factories['buildValidator'],
      buildSerializer: serializers as unknown as Factories['buildSerializer'],
    },
  };
}
