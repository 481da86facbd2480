import Type from 'typebox';
import { StringEnum } from './string-enum.js';
import { Nullable } from './nullable.js';
import { FileKindSchema } from './layer-tree.js';

const Sha256Id = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });
const Bytes = (description: string) => Type.Integer({ minimum: 0, description });

/** What a container wrote: its writable layer as `docker diff` lists it, with sizes. */
export const ContainerChangeSchema = Type.Object({
  path: Type.String({ description: 'As the engine reports it (GET /containers/{id}/changes).' }),
  displayPath: Type.String({ description: 'Inert text.' }),
  change: StringEnum(['added', 'changed', 'deleted'], {
    description: 'docker diff’s A, C and D.',
  }),
  kind: Nullable(FileKindSchema, {
    description: 'What is in the writable layer; for a deleted entry, what the image had.',
  }),
  apparentBytes: Bytes(
    'Added or changed: the bytes written (a directory: the files written under it). Deleted: ' +
      'what the image had there.',
  ),
});
export type ContainerChange = Type.Static<typeof ContainerChangeSchema>;

export const ContainerChangesSchema = Type.Object({
  containerId: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  name: Type.String({ description: 'The container’s name as the engine has it (leading "/").' }),
  imageId: Sha256Id,
  imageTags: Type.Array(Type.String(), {
    description: 'The image’s tags (repo:tag), to name it by; empty for an untagged image.',
  }),
  writtenBytes: Bytes('Files added or changed, each once.'),
  changes: Type.Array(ContainerChangeSchema, {
    description: 'Biggest first, then by path (bytes): the same order on every load.',
  }),
});
export type ContainerChanges = Type.Static<typeof ContainerChangesSchema>;

export const ContainerParamsSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 128 }),
});
