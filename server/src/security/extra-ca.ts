import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

/*
 * NODE_EXTRA_CA_CERTS when this Node was started without it. Node 20 reads that file, and builds
 * its whole store of bundled root certificates, as it starts: 40 ms of every start on a host that
 * points it at the system bundle. So the launcher hands it over as FOOTPRINT_EXTRA_CA_CERTS on
 * Node 20 (scripts/node-flags.mjs, serverEnvFor), and the server's two kinds of TLS client (a
 * registry's agent, a tcp engine's) are given Node's bundled roots and the file's certificates
 * here, read on the first connection: the same certificates trusted as if Node had read them.
 */

/** The variable the launcher moves NODE_EXTRA_CA_CERTS to (deferredCaVariable there). */
export const deferredCaVariable = 'FOOTPRINT_EXTRA_CA_CERTS';

let deferredFile: string | null = null;
/** The CAs, once read: undefined when the file could not be read (Node's store is used). */
let read: { ca: string[] | undefined } | null = null;

/**
 * At start-up, before the server starts any process: takes FOOTPRINT_EXTRA_CA_CERTS out of `env`
 * and puts it back as NODE_EXTRA_CA_CERTS, which the processes the server starts inherit (a
 * credential helper, ssh), and keeps its file for defaultCa().
 */
export function adoptDeferredExtraCa(env: NodeJS.ProcessEnv): void {
  const file = env[deferredCaVariable];
  if (file === undefined) return;
  delete env[deferredCaVariable];
  env.NODE_EXTRA_CA_CERTS = file;
  deferredFile = file === '' ? null : file;
  read = null;
}

/**
 * The `ca` for a TLS client that has no CA file of its own: undefined (Node's own store, with
 * NODE_EXTRA_CA_CERTS when Node read it itself), or Node's bundled roots and the deferred file's
 * certificates. A file that cannot be read is left out with a warning, as Node leaves it out.
 */
export function defaultCa(): string[] | undefined {
  if (deferredFile === null) return undefined;
  if (read === null) {
    try {
      read = { ca: [...rootCertificates, readFileSync(deferredFile, 'utf8')] };
    } catch (error) {
      read = { ca: undefined };
      process.emitWarning(
        `Ignoring extra certs from \`${deferredFile}\`, load failed: ${(error as Error).message}`,
      );
    }
  }
  return read.ca;
}
