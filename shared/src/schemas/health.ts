import Type from 'typebox';
import { StringEnum } from './string-enum.js';
import { Nullable } from './nullable.js';

export const EngineStatusSchema = Type.Object({
  reachable: Type.Boolean(),
  endpoint: Type.String({
    description: 'Where the server looks for the engine: a unix socket path or a tcp URL.',
  }),
  message: Nullable(Type.String(), {
    description: 'Why the engine is unreachable and what to check; null when it is reachable.',
  }),
  version: Nullable(Type.String(), { description: 'Engine version.' }),
  apiVersion: Nullable(Type.String(), {
    description: 'Engine API version negotiated and in use, e.g. "1.41".',
  }),
  storageDriver: Nullable(Type.String()),
  dockerRootDir: Nullable(Type.String()),
  os: Nullable(Type.String(), { description: 'e.g. "Debian GNU/Linux 12".' }),
});
export type EngineStatus = Type.Static<typeof EngineStatusSchema>;

export const HealthSchema = Type.Object({
  status: StringEnum(['ok', 'engine-unreachable']),
  engine: EngineStatusSchema,
});
export type Health = Type.Static<typeof HealthSchema>;
