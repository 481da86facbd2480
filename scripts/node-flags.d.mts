/** The node flags to run the server with on the given Node (see node-flags.mjs for each). */
export function nodeFlagsFor(nodeVersion: string): string[];
/** The environment the server runs with (MALLOC_ARENA_MAX; see node-flags.mjs). */
export const serverEnv: Readonly<Record<string, string>>;
