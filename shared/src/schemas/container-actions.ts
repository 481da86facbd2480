import Type from 'typebox';
import { Nullable } from './nullable.js';
import { PruneDiskResultSchema } from './prune.js';

/*
 * Removing one container, as Docker Desktop and Portainer offer it, with what it frees shown
 * first. The preview is asked now (inspect with size, the data root measured now), never taken
 * from a kept list; the confirmation names the container by full ID and the state it was
 * previewed in, so a container that started or stopped meanwhile is left alone with a 409.
 */

const ContainerId = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Bytes = (description: string) => Type.Integer({ minimum: 0, description });

export const ContainerIdParamsSchema = Type.Object({ id: ContainerId });
export type ContainerIdParams = Type.Static<typeof ContainerIdParamsSchema>;

export const ContainerRemovalPreviewBodySchema = Type.Object({}, { additionalProperties: false });
export type ContainerRemovalPreviewBody = Type.Static<typeof ContainerRemovalPreviewBodySchema>;

export const AnonymousVolumeSchema = Type.Object({
  name: Type.String(),
  diskBytes: Nullable(Bytes('volumes/<name> as `du -B1 -s`, measured now.')),
  usedBy: Type.Array(Type.String(), {
    description: 'Other containers mounting it: the engine keeps it for them even when asked.',
  }),
});
export type AnonymousVolume = Type.Static<typeof AnonymousVolumeSchema>;

export const ContainerRemovalPreviewSchema = Type.Object({
  id: ContainerId,
  name: Type.String(),
  image: Type.String({ description: 'As the container was created from it (name or ID).' }),
  imageId: Type.String(),
  state: Type.String({ description: 'created, running, paused, restarting, exited, dead…' }),
  running: Type.Boolean({
    description: 'Running, paused or restarting: removed only with stop: true.',
  }),
  sizeRw: Nullable(
    Bytes('Writable layer as the engine reports it (SizeRw of inspect with size), now.'),
  ),
  disk: Type.Object({
    writableLayerBytes: Nullable(
      Bytes('overlay2/<mount-id> as `du -B1 -s` (what the containers page shows), now.'),
    ),
    initLayerBytes: Nullable(
      Bytes('overlay2/<mount-id>-init (hosts, resolv.conf…) as `du -B1 -s`, now; 0 if none.'),
    ),
    logBytes: Nullable(Bytes('The log files in containers/<id>/ as `du -B1`, now.')),
    totalBytes: Nullable(
      Bytes(
        'Everything removing it takes off the data root, as `du -B1 -s`: the writable and ' +
          '-init layer directories with their links, containers/<id> and the mount record.',
      ),
    ),
    note: Nullable(Type.String({ description: 'Why the on-disk figures are not known.' })),
  }),
  anonymousVolumes: Type.Array(AnonymousVolumeSchema, {
    description: 'Volumes made for it without a name: removed only with removeVolumes: true.',
  }),
});
export type ContainerRemovalPreview = Type.Static<typeof ContainerRemovalPreviewSchema>;

export const RemoveContainerBodySchema = Type.Object(
  {
    expectedState: Type.String({
      minLength: 1,
      maxLength: 40,
      description:
        'The state the preview showed. Another state now: nothing is done (409 ' +
        'CONTAINER_STATE_CHANGED).',
    }),
    stop: Type.Optional(
      Type.Boolean({
        description:
          'Stop a running container first (SIGTERM, then SIGKILL after its stop timeout). ' +
          'Without it a running container is refused (409 CONTAINER_RUNNING).',
      }),
    ),
    removeVolumes: Type.Optional(
      Type.Boolean({
        description: 'Also remove its anonymous volumes (docker rm -v). Default no.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type RemoveContainerBody = Type.Static<typeof RemoveContainerBodySchema>;

export const ContainerRemovalSchema = Type.Object({
  id: ContainerId,
  name: Type.String(),
  stopped: Type.Boolean({ description: 'It was running and was stopped first.' }),
  sizeRw: Nullable(Bytes('Its writable layer as the engine reported it right before removal.')),
  removedVolumes: Type.Array(Type.String(), { description: 'Anonymous volumes now gone.' }),
  keptVolumes: Type.Array(Type.String(), {
    description: 'Anonymous volumes still there (not asked, or another container uses them).',
  }),
  disk: Nullable(PruneDiskResultSchema, {
    description: 'What the data root lost, measured before and after; null when not measured.',
  }),
  diskNote: Nullable(Type.String(), { description: 'Why the disk was not measured.' }),
});
export type ContainerRemoval = Type.Static<typeof ContainerRemovalSchema>;
