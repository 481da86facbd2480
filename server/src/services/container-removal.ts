import type { ContainerRemoval, ContainerRemovalPreview } from '@footprint/shared';
import type { EngineClient } from '../engine/engine-client.js';
import {
  inspectContainerSized,
  removeContainer,
  type SizedContainer,
  stopContainer,
  volumeExists,
  volumeUsers,
} from '../engine/one-object-actions.js';
import { ConflictError, EngineError } from '../errors.js';
import type { DataRootBackend } from '../storage/backends/storage-backend.js';
import { containerRecordsRefused, measureVolumes } from '../storage/container-records.js';
import { measuredAround, type PruneDiskSource } from './prune-disk.js';

/*
 * Removing one container, as `docker rm` does, with what it frees shown first: its writable
 * layer as the engine counts it (SizeRw) and on disk, its logs, and its anonymous volumes if the
 * person opts in. A running container is refused unless the person chose "stop and remove"
 * (what Docker Desktop's and Portainer's delete buttons do for a running one, but asked for
 * explicitly here: stopping ends a service). The confirmation acts on the previewed full ID and
 * only if the container is still in the previewed state, so a container that was started (or
 * stopped) meanwhile is not removed on an outdated picture.
 */

/** Where the data root is read and by which backend, or why its figures cannot be had. */
export type DiskLocation =
  { dataRoot: string; driver: string; backend: DataRootBackend } | { reason: string };

export interface ContainerDiskAccess {
  location(): Promise<DiskLocation>;
  /** The data root measured before and after a removal. */
  source: PruneDiskSource;
}

const runningStates = new Set(['running', 'paused', 'restarting']);

function label(container: SizedContainer): string {
  return `${container.name || container.id.slice(0, 12)} (${container.id.slice(0, 12)})`;
}

export class ContainerRemover {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly client: EngineClient,
    readonly disk: ContainerDiskAccess,
  ) {}

  /** POST /api/containers/:id/remove/preview: asked of the engine and the disk now. */
  async preview(id: string): Promise<ContainerRemovalPreview> {
    const container = await inspectContainerSized(this.client, id);
    const location = await this.#readable(await this.disk.location());
    const backend = 'reason' in location ? null : location.backend;
    const onDisk = backend === null ? null : await backend.containerFootprint(container.id);
    const [volumeBytes, users] = await Promise.all([
      'reason' in location
        ? container.anonymousVolumes.map(() => null)
        : measureVolumes(
            location.backend.workers.scan,
            location.dataRoot,
            container.anonymousVolumes,
          ),
      Promise.all(container.anonymousVolumes.map((name) => volumeUsers(this.client, name))),
    ]);
    const unknown = onDisk === null || onDisk.totalBytes === null;
    return {
      id: container.id,
      name: container.name,
      image: container.image,
      imageId: container.imageId,
      state: container.state,
      running: runningStates.has(container.state),
      sizeRw: container.sizeRw,
      disk: {
        writableLayerBytes: onDisk?.writableLayerBytes ?? null,
        initLayerBytes: onDisk?.initLayerBytes ?? null,
        logBytes: onDisk?.logBytes ?? null,
        totalBytes: onDisk?.totalBytes ?? null,
        note:
          'reason' in location
            ? location.reason
            : unknown
              ? 'The engine names no writable layer directory for it, or part of it could not be read.'
              : null,
      },
      anonymousVolumes: container.anonymousVolumes.map((name, index) => ({
        name,
        diskBytes: volumeBytes[index] ?? null,
        usedBy: (users[index] ?? []).filter((user) => user !== container.id),
      })),
    };
  }

  /** The location if this process can read its container records; else why not. */
  async #readable(location: DiskLocation): Promise<DiskLocation> {
    if ('reason' in location) return location;
    // Its backend's container records: containers/ (Docker), overlay-containers/ (Podman).
    const records = location.backend.layout.containerPart;
    const refused = await containerRecordsRefused(location.dataRoot, records.replace(/\/$/, ''));
    return refused === null ? location : { reason: refused };
  }

  /** DELETE /api/containers/:id: this container only, in the previewed state only. */
  remove(
    id: string,
    options: { expectedState: string; stop: boolean; removeVolumes: boolean },
  ): Promise<ContainerRemoval> {
    const run = this.#queue.then(() => this.#remove(id, options));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #remove(
    id: string,
    options: { expectedState: string; stop: boolean; removeVolumes: boolean },
  ): Promise<ContainerRemoval> {
    const container = await inspectContainerSized(this.client, id);
    if (container.state !== options.expectedState) {
      throw new ConflictError(
        'CONTAINER_STATE_CHANGED',
        `Container ${label(container)} was ${options.expectedState} when the removal was ` +
          `previewed and is ${container.state} now: nothing was done. Review the removal again.`,
      );
    }
    const running = runningStates.has(container.state);
    if (running && !options.stop) {
      throw new ConflictError(
        'CONTAINER_RUNNING',
        `Container ${label(container)} is ${container.state}. Choose "Stop and remove" to stop ` +
          'it first (its processes get SIGTERM, then SIGKILL after its stop timeout), or stop ' +
          'it yourself and remove it then.',
      );
    }
    const { disk, diskNote } = await measuredAround(this.disk.source, async () => {
      try {
        if (running) await stopContainer(this.client, container.id);
        await removeContainer(this.client, container.id, options.removeVolumes);
      } catch (error) {
        // Started again between the stop and the removal, or being removed already.
        if (error instanceof EngineError && error.engineStatusCode === 409) {
          throw new ConflictError(
            'CONTAINER_CONFLICT',
            `The engine refused to remove container ${label(container)}: ${error.engineMessage}`,
          );
        }
        throw error;
      }
    });
    const still = await Promise.all(
      container.anonymousVolumes.map((name) => volumeExists(this.client, name)),
    );
    return {
      id: container.id,
      name: container.name,
      stopped: running,
      sizeRw: container.sizeRw,
      removedVolumes: container.anonymousVolumes.filter((_, index) => !still[index]),
      keptVolumes: container.anonymousVolumes.filter((_, index) => still[index]),
      disk,
      diskNote,
    };
  }
}
