import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import tar from 'tar-stream';

/*
 * Builds `docker save` archives in memory, so tests control every layer exactly: which bases
 * images share, the same diff on two bases, whiteouts, hard links and odd file names. No
 * registry and no build are involved; `docker load` takes the archive as it is.
 */

export type LayerEntry =
  | {
      type: 'file';
      path: string;
      content: Buffer | string;
      mode?: number;
      uid?: number;
      gid?: number;
    }
  | { type: 'dir'; path: string; mode?: number; uid?: number; gid?: number }
  | { type: 'symlink'; path: string; target: string }
  /** A hard link to `target`, a file earlier in the same layer. */
  | { type: 'hardlink'; path: string; target: string }
  /** Deletes `path` from the layers below (an overlay whiteout, ".wh.<name>"). */
  | { type: 'whiteout'; path: string }
  /** Hides everything the layers below have in directory `path` (".wh..wh..opq"). */
  | { type: 'opaque'; path: string };

export interface LayerSpec {
  entries: LayerEntry[];
  /** The history line for this layer, as `docker history` shows it. */
  createdBy?: string;
}

export interface ImageSpec {
  tags: string[];
  layers: LayerSpec[];
  labels?: Record<string, string>;
  cmd?: string[];
  /** Steps that changed only metadata, appended to the history as empty layers. */
  metadataSteps?: string[];
  created?: string;
}

export interface BuiltImage {
  id: string;
  tags: string[];
  diffIds: string[];
}

const epoch = new Date('2026-01-01T00:00:00Z');

/** Deterministic bytes: the same seed always gives the same content. */
export function seededBytes(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  let offset = 0;
  for (let block = 0; offset < size; block++) {
    const digest = createHash('sha256').update(`${seed}:${block}`).digest();
    offset += digest.copy(out, offset);
  }
  return out;
}

function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function collect(pack: tar.Pack): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pack.on('data', (chunk: Buffer) => chunks.push(chunk));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
}

/** The layer's tar, with parent directories added before their contents. */
export async function layerTar(layer: LayerSpec): Promise<Buffer> {
  const pack = tar.pack();
  const done = collect(pack);
  const written = new Set<string>();
  const base = { mtime: epoch, uid: 0, gid: 0 };
  const ensureParents = (path: string) => {
    const parent = posix.dirname(path);
    if (parent === '.' || parent === '/' || written.has(parent)) return;
    ensureParents(parent);
    written.add(parent);
    pack.entry({ ...base, name: `${parent}/`, type: 'directory', mode: 0o755 });
  };

  for (const entry of layer.entries) {
    const path = entry.path.replace(/^\/+/, '');
    ensureParents(path);
    switch (entry.type) {
      case 'file': {
        const content = Buffer.from(entry.content);
        pack.entry(
          {
            ...base,
            ...owner(entry),
            name: path,
            type: 'file',
            mode: entry.mode ?? 0o644,
            size: content.length,
          },
          content,
        );
        break;
      }
      case 'dir':
        written.add(path);
        pack.entry({
          ...base,
          ...owner(entry),
          name: `${path}/`,
          type: 'directory',
          mode: entry.mode ?? 0o755,
        });
        break;
      case 'symlink':
        pack.entry({ ...base, name: path, type: 'symlink', linkname: entry.target, mode: 0o777 });
        break;
      case 'hardlink':
        pack.entry({
          ...base,
          name: path,
          type: 'link',
          linkname: entry.target.replace(/^\/+/, ''),
        });
        break;
      case 'whiteout':
        pack.entry(
          {
            ...base,
            name: posix.join(posix.dirname(path), `.wh.${posix.basename(path)}`),
            size: 0,
          },
          '',
        );
        break;
      case 'opaque':
        if (!written.has(path)) {
          written.add(path);
          pack.entry({ ...base, name: `${path}/`, type: 'directory', mode: 0o755 });
        }
        pack.entry({ ...base, name: `${path}/.wh..wh..opq`, size: 0 }, '');
        break;
    }
  }
  pack.finalize();
  return done;
}

/** An entry's owner when the spec names one (else the base's 0:0). */
function owner(entry: { uid?: number; gid?: number }): { uid?: number; gid?: number } {
  return {
    ...(entry.uid === undefined ? {} : { uid: entry.uid }),
    ...(entry.gid === undefined ? {} : { gid: entry.gid }),
  };
}

/** A plain tar of files by name: a build context, say. */
export function tarOfFiles(files: Record<string, string | Buffer>): Promise<Buffer> {
  return layerTar({
    entries: Object.entries(files).map(([path, content]) => ({
      type: 'file' as const,
      path,
      content,
    })),
  });
}

/** Diff IDs of layers already turned into tars, so a shared base is hashed once per run. */
const knownDiffIds = new WeakMap<LayerSpec, string>();

export interface ArchiveOptions {
  /**
   * Chain IDs the engine already has. `docker load` reads a layer's file only when its chain is
   * new, so these layers are left out of the archive: large image sets load in batches without
   * sending their shared bases again.
   */
  presentChains?: ReadonlySet<string>;
}

function chainOf(parent: string | undefined, diffId: string): string {
  return parent === undefined ? diffId : sha256(`${parent} ${diffId}`);
}

/** One `docker save` archive holding all the images; identical layers are stored once. */
export async function imageArchive(
  images: ImageSpec[],
  options: ArchiveOptions = {},
): Promise<{ archive: Buffer; images: BuiltImage[] }> {
  const pack = tar.pack();
  const done = collect(pack);
  const storedLayers = new Set<string>();
  const manifest: { Config: string; RepoTags: string[]; Layers: string[] }[] = [];
  const built: BuiltImage[] = [];
  const architecture = process.arch === 'arm64' ? 'arm64' : 'amd64';

  for (const image of images) {
    const diffIds: string[] = [];
    const layerPaths: string[] = [];
    let chain: string | undefined;
    for (const layer of image.layers) {
      let diffId = knownDiffIds.get(layer);
      const present = diffId !== undefined && options.presentChains?.has(chainOf(chain, diffId));
      if (diffId === undefined || (!present && !storedLayers.has(diffId))) {
        const layerBytes = await layerTar(layer);
        diffId = sha256(layerBytes);
        knownDiffIds.set(layer, diffId);
        if (!storedLayers.has(diffId)) {
          storedLayers.add(diffId);
          pack.entry(
            { name: `layers/${diffId.slice(7)}.tar`, size: layerBytes.length, mtime: epoch },
            layerBytes,
          );
        }
      }
      chain = chainOf(chain, diffId);
      diffIds.push(diffId);
      layerPaths.push(`layers/${diffId.slice(7)}.tar`);
    }
    const created = image.created ?? epoch.toISOString();
    const config = JSON.stringify({
      architecture,
      os: 'linux',
      created,
      config: {
        Env: ['PATH=/bin:/usr/bin'],
        ...(image.cmd ? { Cmd: image.cmd } : {}),
        ...(image.labels ? { Labels: image.labels } : {}),
      },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: [
        ...image.layers.map((layer, index) => ({
          created,
          created_by: layer.createdBy ?? `fixture layer ${index + 1}`,
        })),
        ...(image.metadataSteps ?? []).map((step) => ({
          created,
          created_by: step,
          empty_layer: true,
        })),
      ],
    });
    const id = sha256(config);
    const configPath = `${id.slice(7)}.json`;
    pack.entry({ name: configPath, size: Buffer.byteLength(config), mtime: epoch }, config);
    manifest.push({ Config: configPath, RepoTags: image.tags, Layers: layerPaths });
    built.push({ id, tags: image.tags, diffIds });
  }
  const manifestJson = JSON.stringify(manifest);
  pack.entry(
    { name: 'manifest.json', size: Buffer.byteLength(manifestJson), mtime: epoch },
    manifestJson,
  );
  pack.finalize();
  return { archive: await done, images: built };
}
