import type {
  ApiError,
  BuildCacheList,
  ContainerChanges,
  ContainerList,
  DiskMeasurement,
  DiskUsage,
  DuplicateDiffsPage,
  DuplicateFilesPage,
  Health,
  ImageAnalysis,
  ImageDetail,
  ImageList,
  ImageRemoval,
  ImageRemovalList,
  LayerList,
  PruneItem,
  PrunePreview,
  PruneResult,
  PruneStatus,
  RemovalPreview,
  Session,
  TreeEntry,
  TreeListing,
  TreeSearch,
  VolumeList,
} from '@footprint/shared';
import { vi } from 'vitest';
import { diskUsage, hexId, image } from './fixtures';

/*
 * API answers whose every free-text field is hostile: bidi overrides and isolates, C0 and C1
 * controls, DEL, zero-width characters, LRM/RLM, the Arabic letter mark, line and paragraph
 * separators, a BOM, and values of 4 KB. IDs that the API's schemas hold to a pattern (sha256:…,
 * 64 hex digits) stay valid: the server never sends anything else there.
 */

/**
 * Whether the text holds a character the page must never put in its DOM as it is, text or
 * attribute: C0 and C1 controls and DEL, the Arabic letter mark, zero-width characters, LRM and
 * RLM, line and paragraph separators, bidi embeddings, overrides and isolates (and the other
 * invisible formatting characters of U+2060–U+206F), the BOM. Written out here rather than
 * taken from lib/inert-text, whose escaping it checks.
 */
export function hasRawInvisible(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x061c ||
      (code >= 0x200b && code <= 0x200f) ||
      (code >= 0x2028 && code <= 0x202e) ||
      (code >= 0x2060 && code <= 0x206f) ||
      code === 0xfeff
    )
      return true;
  }
  return false;
}

const nasty =
  '\u202Egnp.exe\u0000\u0007\u001b[31m\t\n\r\u007f\u0085\u009b\u061c\u200b\u200c\u200d' +
  '\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\ufeff';

/** A short hostile value, named so that a failure says where it came from. */
export function hostile(name: string): string {
  return `${name}${nasty}end`;
}

/** A 4 KB hostile value: hostile at the start, and again past any cut. */
export function hostileLong(name: string): string {
  return `${hostile(name)}${'x'.repeat(4096)}${nasty}`;
}

const imageA = hexId('a');
const imageB = hexId('b');
const imageC = hexId('c');
const chain1 = hexId('1');
const chain2 = hexId('2');
const chain3 = hexId('3');
export const containerId = 'd'.repeat(64);
const date = '2024-01-02T03:04:05Z';

export const hostileIds = { imageA, imageB, imageC, chain1, chain2, chain3 };

export const hostileHealth: Health = {
  status: 'ok',
  engine: {
    reachable: true,
    endpoint: hostile('/run/endpoint.sock'),
    message: null,
    version: hostile('version'),
    apiVersion: hostile('api'),
    storageDriver: hostile('driver'),
    dockerRootDir: hostile('/root-dir'),
    os: hostile('os'),
  },
};

export const hostileHealthDown: Health = {
  status: 'engine-unreachable',
  engine: {
    ...hostileHealth.engine,
    reachable: false,
    endpoint: hostile('/run/down.sock'),
    message: hostileLong('engine-message'),
  },
};

export const allowedSession: Session = { readOnly: false, authorized: true };

export const hostileImages: ImageList = {
  images: [
    image({
      id: imageA,
      repoTags: [hostile('registry.example:5000/team/app:1'), hostileLong('app:long')],
      repoDigests: [hostile('app@sha256:digest')],
      containers: 1,
      size: 3000,
      sharedSize: 1000,
    }),
    image({ id: imageB, repoDigests: [hostile('dangling@sha256:digest')], size: 2000 }),
    image({ id: imageC, repoTags: [hostile('base:latest')], size: 1000, sharedSize: 1000 }),
  ],
  lastUseKnownSince: date,
};

export const hostileImage: ImageDetail = {
  ...(hostileImages.images[0] as ImageList['images'][number]),
  layers: [
    {
      diffId: chain1,
      chainId: chain1,
      cacheId: hostile('cache-id'),
      size: null,
      sharedBy: [imageA, imageB, imageC],
      directory: hostile('/var/lib/docker/overlay2/dir'),
      diskBytes: null,
      apparentBytes: null,
      files: null,
      notMeasuredReason: hostile('layer-not-measured'),
    },
    {
      diffId: chain2,
      chainId: chain2,
      cacheId: hostileLong('cache-id-long'),
      size: 2000,
      sharedBy: [imageA],
      directory: hostileLong('/var/lib/docker/overlay2/long'),
      diskBytes: 4096,
      apparentBytes: 2000,
      files: 3,
      notMeasuredReason: null,
    },
  ],
  history: [
    {
      created: hostile('created'),
      createdBy: hostileLong('RUN one'),
      comment: '',
      emptyLayer: false,
    },
    {
      created: date,
      createdBy: hostile('ENV two'),
      comment: hostileLong('comment'),
      emptyLayer: true,
    },
    {
      created: null,
      createdBy: hostileLong('COPY three'),
      comment: hostile('c'),
      emptyLayer: false,
    },
  ],
  graphDriver: {
    name: hostile('overlay2'),
    lowerDir: [hostile('/lower/one'), hostileLong('/lower/two')],
    upperDir: hostileLong('/upper'),
    mergedDir: hostile('/merged'),
    workDir: hostile('/work'),
  },
  labels: {
    [hostile('org.example.key')]: hostileLong('label-value'),
    [hostileLong('org.example.long-key')]: hostile('v'),
  },
  layerMetadata: { readable: false, message: hostile('layer-metadata') },
};

export const hostileLayers: LayerList = {
  layers: [
    {
      chainId: chain1,
      diffId: chain1,
      parentChainId: null,
      cacheId: hostile('cache'),
      size: 1000,
      diskBytes: null,
      images: [imageA, imageB, imageC],
      topOf: [imageC],
    },
    {
      chainId: chain2,
      diffId: chain2,
      parentChainId: chain1,
      cacheId: hostile('cache2'),
      size: 2000,
      diskBytes: null,
      images: [imageA, imageB],
      topOf: [imageA],
    },
    {
      chainId: chain3,
      diffId: chain3,
      parentChainId: chain2,
      cacheId: null,
      size: null,
      diskBytes: null,
      images: [imageB],
      topOf: [imageB],
    },
  ],
  layerMetadata: { readable: false, message: hostile('metadata') },
  measured: false,
  notMeasuredReason: hostileLong('not-measured'),
};

const measurement: DiskMeasurement = {
  ...diskUsage.measurement,
  driver: hostile('driver'),
  dataRoot: hostile('/data-root'),
  measured: true,
  reason: hostileLong('reason'),
  measuredAt: date,
  scan: {
    ...diskUsage.measurement.scan,
    state: 'running',
    partsDone: 1,
    partsTotal: 2,
    message: hostile('scan'),
  },
  partial: true,
  warnings: [{ path: hostile('warning-path'), code: hostile('EACCES'), message: hostile('w') }],
};

/** GET /api/disk after a scan: every on-disk part there. */
export const hostileDisk: DiskUsage = {
  ...diskUsage,
  measurement,
  dataRoot: {
    path: hostile('/data-root'),
    diskBytes: 10_000,
    apparentBytes: 9000,
    files: 10,
    parts: [
      {
        kind: 'other',
        label: hostile('other-part'),
        path: hostile('other/'),
        diskBytes: 9000,
        apparentBytes: 9000,
        files: 10,
        entries: 1,
        description: hostileLong('description'),
      },
    ],
    unexplained: { diskBytes: 1000, apparentBytes: 0, description: hostile('unexplained') },
  },
  orphans: {
    dirs: [
      {
        name: hostileLong('orphan'),
        path: hostileLong('/data-root/overlay2/orphan'),
        diskBytes: 4096,
        apparentBytes: 100,
        files: 1,
        modifiedAt: date,
      },
    ],
    diskBytes: 4096,
    apparentBytes: 100,
    files: 1,
    advice: hostileLong('advice'),
  },
};

/** GET /api/disk before any scan, when the data root cannot be measured. */
export const hostileDiskNotMeasured: DiskUsage = {
  ...hostileDisk,
  measurement: { ...measurement, measured: false, dataRoot: null },
  dataRoot: null,
  orphans: null,
};

export const hostileContainers: ContainerList = {
  containers: [
    {
      id: containerId,
      names: [hostileLong('container-name')],
      image: hostileLong('image-ref'),
      imageId: hostile('image-id'),
      state: hostile('running'),
      sizeRw: null,
      writableLayer: {
        directory: hostileLong('/overlay2/writable'),
        diskBytes: 4096,
        apparentBytes: 10,
        initDiskBytes: 4096,
      },
      logs: {
        diskBytes: 4096,
        apparentBytes: 5,
        files: [{ name: hostile('log'), diskBytes: 4096, apparentBytes: 5 }],
      },
      containerDirDiskBytes: 8192,
      notMeasuredReason: null,
    },
    {
      id: 'e'.repeat(64),
      names: [],
      image: hostile('image'),
      imageId: imageA,
      state: hostile('exited'),
      sizeRw: 10,
      writableLayer: null,
      logs: null,
      containerDirDiskBytes: null,
      notMeasuredReason: hostileLong('container-not-measured'),
    },
  ],
  measurement,
};

export const hostileChanges: ContainerChanges = {
  containerId,
  name: hostileLong('/changes-name'),
  imageId: imageA,
  imageTags: [hostileLong('changes-image:tag')],
  writtenBytes: 10,
  changes: [
    {
      path: hostile('/etc/added'),
      displayPath: hostileLong('/etc/added'),
      change: 'added',
      kind: 'file',
      apparentBytes: 10,
    },
    {
      path: hostile('/etc/deleted'),
      displayPath: hostile('/etc/deleted'),
      change: 'deleted',
      kind: null,
      apparentBytes: 4,
    },
  ],
};

export const hostileVolumes: VolumeList = {
  volumes: [
    {
      name: hostileLong('volume'),
      anonymous: false,
      size: null,
      created: date,
      containers: [{ id: containerId, name: hostileLong('user'), state: hostile('running') }],
    },
    { name: hostile('unused'), anonymous: true, size: 10, created: null, containers: [] },
  ],
};

export const hostileBuildCache: BuildCacheList = {
  records: [
    {
      id: hostile('record'),
      description: '/bk2-\u202Etxt.exe',
      size: 10,
      inUse: true,
      shared: true,
      created: date,
      lastUsed: date,
    },
    {
      id: hostile('record2'),
      description: hostileLong('[2/2] RUN make'),
      size: 20,
      inUse: false,
      shared: false,
      created: null,
      lastUsed: null,
    },
    {
      id: hostile('record3'),
      description: '',
      size: 30,
      inUse: false,
      shared: false,
      created: null,
      lastUsed: null,
    },
  ],
};

/** Both pages of duplicates name images through their side table, with hostile tags. */
const duplicateImages = [
  { id: imageA, repoTags: [hostile('registry.example:5000/team/app:1')] },
  { id: imageB, repoTags: [hostileLong('dup-image-b')] },
  { id: imageC, repoTags: [] },
];

export const hostileDuplicateFiles: DuplicateFilesPage = {
  minBytes: 1024,
  hashedFiles: 2,
  total: 1,
  offset: 0,
  limit: 50,
  files: [
    {
      sha256: hexId('f'),
      apparentBytes: 2048,
      copies: [
        {
          chainId: chain1,
          path: hostile('/a'),
          displayPath: hostileLong('/a'),
          images: [imageA],
          imageCount: 1,
        },
        {
          chainId: chain2,
          path: hostile('/b'),
          displayPath: hostile('/b'),
          images: [imageB],
          imageCount: 9,
        },
      ],
      savableBytes: 2048,
    },
  ],
  matching: { groups: 1, savableBytes: 2048 },
  all: { groups: 1, savableBytes: 2048 },
  images: duplicateImages.slice(0, 2),
  computedAt: date,
};

const diffTotals = {
  groups: 1,
  extraEngineBytes: 10,
  extraDiskBytes: null,
  extraApparentBytes: null,
};

export const hostileDuplicateDiffs: DuplicateDiffsPage = {
  total: 1,
  offset: 0,
  limit: 50,
  diffs: [
    {
      diffId: chain1,
      copies: [
        {
          chainId: chain1,
          cacheId: hostile('copy'),
          engineBytes: 10,
          diskBytes: 4096,
          apparentBytes: 10,
          images: [imageA, imageC],
          imageCount: 2,
        },
        {
          chainId: chain2,
          cacheId: hostile('copy2'),
          engineBytes: 10,
          diskBytes: null,
          apparentBytes: null,
          images: [imageB],
          imageCount: 1,
        },
      ],
      imageCount: 3,
      engineBytes: 10,
      extraEngineBytes: 10,
      extraDiskBytes: null,
      extraApparentBytes: null,
    },
  ],
  matching: diffTotals,
  all: diffTotals,
  notMeasuredReason: hostileLong('not-measured'),
  images: duplicateImages,
  computedAt: date,
};

export const hostileAnalysis: ImageAnalysis = {
  imageId: imageA,
  repoTags: [hostileLong('analysed:tag')],
  layers: [
    {
      index: 0,
      chainId: chain1,
      diffId: chain1,
      createdBy: hostileLong('RUN layer zero'),
      apparentBytes: 100,
      fileCount: 2,
      replacedBytes: 0,
      deletedBytes: 0,
    },
    {
      index: 1,
      chainId: chain2,
      diffId: chain2,
      createdBy: hostile('RUN layer one'),
      apparentBytes: 50,
      fileCount: 1,
      replacedBytes: 10,
      deletedBytes: 10,
    },
  ],
  totalApparentBytes: 150,
  visibleApparentBytes: 130,
  reclaimableBytes: 20,
  wastedFiles: [
    {
      path: hostile('/wasted'),
      displayPath: hostileLong('/wasted'),
      copies: [
        {
          layer: 0,
          apparentBytes: 10,
          fate: 'overwritten',
          byLayer: 1,
          heldByLink: hostileLong('/link'),
        },
        { layer: 1, apparentBytes: 10, fate: 'kept', byLayer: null, heldByLink: null },
      ],
      reclaimableBytes: 10,
    },
  ],
  dive: {
    efficiency: 0.9,
    wastedBytes: 20,
    userWastedPercent: 0.1,
    sizeBytes: 150,
    userSizeBytes: 50,
    inefficiencies: [{ path: hostile('/wasted'), count: 2, cumulativeBytes: 20 }],
  },
};

function entry(fields: Partial<TreeEntry> & Pick<TreeEntry, 'kind'>): TreeEntry {
  return {
    name: hostileLong('name'),
    nameBytes: null,
    path: hostile('/path'),
    displayPath: hostileLong('/path'),
    mode: 0o644,
    uid: 0,
    gid: 0,
    linkTarget: null,
    layer: 1,
    change: 'added',
    lastChange: { layer: 1, change: 'added' },
    deletedBy: null,
    opaque: false,
    apparentBytes: 10,
    fileCount: 1,
    replacedBytes: 0,
    deletedBytes: 0,
    hasChildren: false,
    ...fields,
  };
}

const entries: TreeEntry[] = [
  entry({ kind: 'dir', path: hostile('/dir'), hasChildren: true, opaque: true }),
  entry({
    kind: 'file',
    path: hostile('/file'),
    change: 'deleted',
    deletedBy: 'whiteout',
    mode: null,
    uid: null,
    gid: null,
  }),
  entry({ kind: 'symlink', path: hostile('/symlink'), linkTarget: hostileLong('target') }),
  entry({ kind: 'hardlink', path: hostile('/hardlink'), linkTarget: hostile('shared') }),
  entry({ kind: 'fifo', path: hostile('/fifo') }),
];

/** The directory the explorer's URL names: a raw path, as the API sends it back. */
export const hostileTreePath = `/${hostile('dir')}/\u0000AP8`;

export const hostileTree: TreeListing = {
  imageId: imageA,
  layer: { index: 1, chainId: chain2, diffId: chain2 },
  view: 'merged',
  directory: entry({ kind: 'dir', path: hostileTreePath, hasChildren: true }),
  changes: ['added', 'modified', 'deleted', 'unchanged'],
  total: entries.length,
  offset: 0,
  limit: 500,
  entries,
  notes: [hostileLong('note')],
};

export const hostileSearch: TreeSearch = {
  imageId: imageA,
  layer: hostileTree.layer,
  view: 'merged',
  query: hostile('query'),
  changes: ['added', 'modified', 'deleted', 'unchanged'],
  total: 7,
  entries,
  notes: [hostile('search-note')],
};

export const hostileEmptySearch: TreeSearch = { ...hostileSearch, total: 0, entries: [] };

/** On-disk figures not all known before a prune, with a hostile note saying why. */
const diskPreview = {
  totalBytes: 0,
  complete: false,
  measuredAt: null,
  note: hostileLong('disk-note'),
};

const pruneItems: PruneItem[] = (['image', 'container', 'volume', 'build-cache'] as const).map(
  (kind) => ({
    kind,
    id: hostile(`${kind}-id`),
    name: hostileLong(`${kind}-name`),
    reason: 'unused-images',
    bytes: 10,
    bytesKnown: kind !== 'volume',
    diskBytes: null,
  }),
);

export const hostilePreview: PrunePreview = {
  previewId: 'preview-1',
  createdAt: date,
  expiresAt: date,
  request: { kinds: ['unused-images'] },
  items: pruneItems,
  totals: {
    containers: { count: 1, bytes: 10 },
    images: { count: 1, bytes: 10 },
    volumes: { count: 1, bytes: 0 },
    buildCache: { count: 1, bytes: 10 },
  },
  totalBytes: 30,
  disk: diskPreview,
  lastUseKnownSince: date,
  notes: [hostileLong('prune-note')],
};

export const hostilePruneResult: PruneResult = {
  previewId: 'preview-1',
  startedAt: date,
  finishedAt: date,
  complete: false,
  items: pruneItems.map((item, index) => ({
    kind: item.kind,
    id: item.id,
    name: index === 0 ? '' : item.name,
    outcome: (['removed', 'skipped', 'failed', 'gone'] as const)[index] ?? 'failed',
    message: hostileLong(`outcome-${index}`),
    previewBytes: 10,
    previewDiskBytes: null,
    reclaimedBytes: index === 0 ? 10 : 0,
  })),
  previewBytes: 30,
  reclaimedBytes: 10,
  previewDisk: diskPreview,
  disk: null,
  diskNote: hostileLong('disk-result'),
  newSincePreview: pruneItems.slice(0, 2),
  error: apiError('prune'),
};

export const hostilePruneStatus: PruneStatus = { running: false, last: null };

const removal = (id: string, outcome: ImageRemoval['outcome']): ImageRemoval => ({
  id,
  outcome,
  untagged: [hostile('untagged')],
  deleted: [id],
  code: outcome === 'conflict' ? 'IMAGE_HAS_SEVERAL_TAGS' : null,
  message: outcome === 'removed' ? null : hostileLong(`removal-${outcome}`),
});

export const hostileRemovals: ImageRemovalList = {
  results: [removal(imageA, 'conflict'), removal(imageB, 'removed'), removal(imageC, 'failed')],
  disk: null,
  diskNote: hostileLong('removal-disk-note'),
};

/** The on-disk figures not all known, with a hostile note saying why. */
export const hostileRemovalPreview: RemovalPreview = {
  images: [imageA, imageB, imageC].map((id, index) => ({
    id,
    bytes: 10,
    diskBytes: index === 0 ? 4096 : null,
  })),
  totalBytes: 30,
  disk: { ...diskPreview, totalBytes: 4096 },
};

export const hostileUntag: ImageRemoval = removal(imageA, 'untagged');

/** An error answer that echoes hostile names, as a refusal that names an image would. */
export function apiError(name: string): ApiError {
  return {
    statusCode: 409,
    error: hostile('Conflict'),
    code: hostile('CODE'),
    message: hostileLong(`${name}-message`),
  };
}

export interface HostileServerOptions {
  health?: Health;
  disk?: DiskUsage;
  search?: TreeSearch;
  /** Paths (without the query) that answer with a hostile error instead. */
  failing?: readonly string[];
}

/** A stand-in for the API that answers every route with the hostile data above. */
export function stubHostileServer(options: HostileServerOptions = {}) {
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  const gets: [RegExp, unknown][] = [
    [/^\/api\/health$/, options.health ?? hostileHealth],
    [/^\/api\/session$/, allowedSession],
    [/^\/api\/images$/, hostileImages],
    [/^\/api\/images\/[^/]+\/tree\/search$/, options.search ?? hostileSearch],
    [/^\/api\/images\/[^/]+\/tree$/, hostileTree],
    [/^\/api\/images\/[^/]+\/analysis$/, hostileAnalysis],
    [/^\/api\/images\/[^/]+$/, hostileImage],
    [/^\/api\/duplicates\/files$/, hostileDuplicateFiles],
    [/^\/api\/duplicates\/diffs$/, hostileDuplicateDiffs],
    [/^\/api\/containers$/, hostileContainers],
    [/^\/api\/containers\/[^/]+\/changes$/, hostileChanges],
    [/^\/api\/disk$/, options.disk ?? hostileDisk],
    [/^\/api\/layers$/, hostileLayers],
    [/^\/api\/volumes$/, hostileVolumes],
    [/^\/api\/build-cache$/, hostileBuildCache],
    [/^\/api\/prune$/, hostilePruneStatus],
  ];
  const posts: [RegExp, unknown][] = [
    [/^\/api\/prune\/preview$/, hostilePreview],
    [/^\/api\/prune$/, hostilePruneResult],
    [/^\/api\/images\/remove\/preview$/, hostileRemovalPreview],
    [/^\/api\/images\/remove$/, hostileRemovals],
    [/^\/api\/images\/untag$/, hostileUntag],
  ];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const path = url.split('?')[0] ?? url;
    if (options.failing?.includes(path)) return json(409, apiError(path));
    const routes = init?.method === 'POST' ? posts : gets;
    const found = routes.find(([pattern]) => pattern.test(path));
    return found ? json(200, found[1]) : json(404, apiError('not-found'));
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}
