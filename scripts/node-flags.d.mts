/** The node flags to run the server with on the given Node (see node-flags.mjs for each). */
export function nodeFlagsFor(nodeVersion: string): string[];
/** The environment the server runs with (MALLOC_ARENA_MAX; see node-flags.mjs). */
export const serverEnv: Readonly<Record<string, string>>;
/** Where the server finds NODE_EXTRA_CA_CERTS when the launcher moved it (serverEnvFor). */
export const deferredCaVariable: 'FOOTPRINT_EXTRA_CA_CERTS';
/** The whole environment to start the server with on the given Node (see node-flags.mjs). */
export function serverEnvFor(
  nodeVersion: string,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined>;
