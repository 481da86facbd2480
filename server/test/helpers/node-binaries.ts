import { existsSync } from 'node:fs';
import { arch } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * Node binaries of other majors, as scripts/node-binary.sh fetches them (the npm registry's
 * node-linux-<arch> packages carry the official binary): .cache/node-binaries/<major>.
 * .ci/run fetches 22 and 24; a local unit run without them skips what needs them and says so.
 */
export function nodeBinary(major: number): {
  major: number;
  path: string | null;
  missing: string;
} {
  const path = fileURLToPath(
    new URL(
      `../../../.cache/node-binaries/${major}/node_modules/node-linux-${arch()}/bin/node`,
      import.meta.url,
    ),
  );
  if (existsSync(path)) return { major, path, missing: '' };
  return { major, path: null, missing: `no Node ${major} binary at ${path}` };
}
