import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPodmanFixtures, type PodmanFixtures, PrivatePodman } from './private-podman.js';

/*
 * A Podman test file's own Podman: started with the standard fixtures (and a planted orphan when
 * the file measures one), and removed after whatever ran on it closed. The run's engine is
 * Docker, so each Podman test file starts one of these.
 */

export interface PodmanWithFixtures {
  podman: PrivatePodman;
  fixtures: PodmanFixtures;
}

/** A layer directory no record names (an interrupted pull, say): one file of `bytes` × `fill`. */
export interface PlantedOrphan {
  id: string;
  bytes: number;
  fill: number;
}

/**
 * A private Podman with the standard fixtures loaded; `orphan` is planted in overlay/ before
 * anything reads the graphroot. A Podman that started but could not be set up is removed.
 */
export async function startPodmanWithFixtures(orphan?: PlantedOrphan): Promise<PodmanWithFixtures> {
  const podman = await PrivatePodman.start();
  try {
    const fixtures = await loadPodmanFixtures(podman);
    if (orphan !== undefined) {
      const diff = join(podman.graphRoot, 'overlay', orphan.id, 'diff');
      await mkdir(diff, { recursive: true });
      await writeFile(join(diff, 'left-behind.bin'), Buffer.alloc(orphan.bytes, orphan.fill));
    }
    return { podman, fixtures };
  } catch (error) {
    await podman.destroy();
    throw error;
  }
}

/**
 * Closes what ran on the Podman (the app, a scan pool), then removes Podman (its service, mounts
 * and files) and the test's own dirs: those go even when the close fails.
 */
export async function destroyPodmanAfter(
  podman: PrivatePodman | undefined,
  running: { close(): Promise<unknown> } | undefined,
  dirs: (string | undefined)[] = [],
): Promise<void> {
  try {
    await running?.close();
  } finally {
    await podman?.destroy();
    for (const dir of dirs) {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    }
  }
}
