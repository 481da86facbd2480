// The node flags and environment the server runs with, per running Node: `npm start` and the
// `docker-footprint` command (bin/docker-footprint.js), the container image (its CMD lists
// nodeFlagsFor('24.0.0'), its Node; a unit test keeps them equal), the tests' and the
// benchmark's DashboardServer. Plain ESM with no dependency: the published package runs it.
//
// Node refuses to start on a V8 flag it does not know (`node: bad option: ...`), so a flag is
// only passed to the majors it was tried on (`node <flags> -e 0`, server/test/unit/server-flags
// .test.ts, on Node 20, 22 and 24 binaries).

/**
 * Every flag, with the Node majors whose V8 knows it.
 *
 * V8 sizes its heap for throughput on a machine with gigabytes free: a young generation of up to
 * 16 MB semi-spaces, and an old generation let to grow to several times what is alive before a
 * full collection. The server keeps about 60 MB alive at 2,000 images and makes short-lived
 * garbage (parsed engine answers, requests): with the defaults its peak under load was 300 MB.
 * 2 MB semi-spaces (`--max-semi-space-size=2`), and a full collection once the heap is 30% above
 * what is alive (`--heap-growing-percent=30`), keep it at 175 to 190 MB. 10% kept it lower still
 * (173 MB) but took 20 full collections to grow to its size at start-up: 0.4 s of a 2.8 s cold
 * start; 40% came within 5 MB of 200 MB under load. The old generation starts at 64 MB
 * (`--initial-old-space-size=64`), about what the server keeps alive at 2,000 images, so it grows
 * there without a full collection on the way (V8 starts it far lower and collects each time it
 * reaches its limit): 0.2 s of CPU of a cold start, most of it on the main thread; 96 MB took a
 * little more still but put the peak at 197 MB.
 *
 * A start-up runs much of the server a few hundred times (2,000 images, 10,000 scan entries)
 * and then rarely: V8 optimized those functions on threads of its own, 0.3 s of CPU beside the
 * scan's walkers on a 2-core host. With 4 times its default budget before a function is
 * optimized (`--interrupt-budget=262144`), it spent 0.15 s and the cold start took 3% less; what
 * stays hot (answers under load) is still optimized, just later. Node 20's V8 (11.3) only: the
 * V8 of Node 22 (12.4) and 24 (13.6) tiers up by invocation counts instead and refuses the flag
 * (`node: bad option`); no replacement was measured, so they run with V8's default tiering.
 *
 * V8's memory reducer collects the whole heap, compacting it, about 8 s after the server goes
 * idle: on a 2-core host its marking and compaction threads took both cores for 30 to 50 ms,
 * and the page the user had open beside it (the benchmark's table scroll) dropped a frame in
 * one run out of three. The server's heap limit is already 30% above what it keeps alive, so
 * the reducer gave back 14 MB at most; without it (`--no-memory-reducer`), the server collects
 * only while it works.
 *
 * The figures were measured on Node 20 (README, Benchmarks).
 */
const flags = [
  { flag: '--max-semi-space-size=2', majors: (major) => major >= 20 },
  { flag: '--heap-growing-percent=30', majors: (major) => major >= 20 },
  { flag: '--initial-old-space-size=64', majors: (major) => major >= 20 },
  { flag: '--interrupt-budget=262144', majors: (major) => major <= 20 },
  { flag: '--no-memory-reducer', majors: (major) => major >= 20 },
];

/**
 * The node flags to run the server with on the given Node (`process.versions.node`, e.g.
 * '24.11.0', with or without a leading v).
 * @param {string} nodeVersion
 * @returns {string[]}
 */
export function nodeFlagsFor(nodeVersion) {
  const major = majorOf(nodeVersion);
  return flags.filter(({ majors }) => majors(major)).map(({ flag }) => flag);
}

/**
 * The major of a Node version ('24.11.0', with or without a leading v); throws on anything else.
 * @param {string} nodeVersion
 * @returns {number}
 */
function majorOf(nodeVersion) {
  const major = Number(/^v?(\d+)\./.exec(nodeVersion)?.[1]);
  if (!Number.isInteger(major)) throw new Error(`Not a Node version: "${nodeVersion}".`);
  return major;
}

/**
 * The environment the server runs with, on every Node. glibc's malloc gives each thread that
 * allocates an arena of its own, up to 8 per core, and keeps what is freed in it: the server's
 * threads (main, V8's 4 platform threads, libuv's 4, the scan workers, started again for each
 * burst of engine events) held 21 to 24 MB in 15 to 18 arenas beside the main one at the peak
 * of a full benchmark, more with each burst. Two arenas in all took that peak from 180 to
 * 171 MB (four runs each), and over four new images and four container writes from 185 to
 * 199 MB to 176 to 179 MB, with the same cold start, refresh times and CPU time.
 * @type {Readonly<Record<string, string>>}
 */
export const serverEnv = Object.freeze({ MALLOC_ARENA_MAX: '2' });

/** Where the server finds the NODE_EXTRA_CA_CERTS it was not started with (serverEnvFor). */
export const deferredCaVariable = 'FOOTPRINT_EXTRA_CA_CERTS';

/**
 * The whole environment to start the server with on the given Node, from the one it is started
 * from: that one and serverEnv, and on Node 20 NODE_EXTRA_CA_CERTS handed over as
 * FOOTPRINT_EXTRA_CA_CERTS. Node 20 reads that file, and builds its store of some 140 bundled
 * root certificates with it, as it starts, before any script runs: on a Debian host that points
 * it at the system bundle, `node -e 0` took 60 ms against 18 ms without it, a seventh of a warm
 * restart. Node 22 and 24 start as fast with it as without it (measured), so they keep it. The
 * server puts the variable back in its own environment, for the processes it starts, and adds
 * the file's certificates to the CAs of its TLS clients that have none of their own
 * (server/src/security/extra-ca.ts): the same certificates trusted, read on the first TLS
 * connection instead.
 * @param {string} nodeVersion `process.versions.node`, with or without a leading v
 * @param {Readonly<Record<string, string | undefined>>} env
 * @returns {Record<string, string | undefined>}
 */
export function serverEnvFor(nodeVersion, env) {
  const major = majorOf(nodeVersion);
  const { NODE_EXTRA_CA_CERTS: extraCa, ...rest } = env;
  if (major > 20 || extraCa === undefined || extraCa === '') return { ...env, ...serverEnv };
  return { ...rest, ...serverEnv, [deferredCaVariable]: extraCa };
}
