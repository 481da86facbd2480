import Type from 'typebox';

export const EngineStatusSchema = Type.Object({
  reachable: Type.Boolean(),
  endpoint: Type.String({
    description: 'Where the server looks for the engine: a unix socket path or a tcp URL.',
  }),
  message: Type.Union([Type.String(), Type.Null()], {
    description: 'Why the engine is unreachable and what to check; null when it is reachable.',
  }),
  version: Type.Union([Type.String(), Type.Null()], { description: 'Engine version.' }),
  apiVersion: Type.Union([Type.String(), Type.Null()], {
    description: 'Engine API version negotiated and in use, e.g. "1.41".',
  }),
  storageDriver: Type.Union([Type.String(), Type.Null()]),
  dockerRootDir: Type.Union([Type.String(), Type.Null()]),
  os: Type.Union([Type.String(), Type.Null()], { description: 'e.g. "Debian GNU/Linux 12".' }),
});
export type EngineStatus = Type.Static<typeof EngineStatusSchema>;

export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('engine-unreachable')]),
  engine: EngineStatusSchema,
});
export type Health = Type.Static<typeof HealthSchema>;
