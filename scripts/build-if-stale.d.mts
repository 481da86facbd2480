/** One build: the command that makes its outputs from its inputs (files or directories). */
export interface Build {
  name: string;
  command: string[];
  inputs: string[];
  outputs: string[];
}

export interface BuildOutcome {
  name: string;
  built: boolean;
  /** Why it was built (the first changed input, a missing output); null when skipped. */
  reason: string | null;
}

/** The repository's two builds: the server bundle and the web UI. */
export const builds: readonly Build[];
export function stampPath(root: string, build: Build): string;
/** An input file as a build was made from it. */
export interface InputFile {
  hash: string;
  size: number;
  mtimeMs: number;
}
export function inputHashes(
  root: string,
  build: Build,
  before?: Record<string, InputFile>,
): Promise<Record<string, InputFile>>;
export function readStamp(root: string, build: Build): Promise<Record<string, InputFile> | null>;
export function staleReason(
  root: string,
  build: Build,
  inputs: Record<string, InputFile>,
  stamped: Record<string, InputFile> | null,
): string | null;
/** Runs each build whose inputs changed since its last successful run here. */
export function buildIfStale(
  root: string,
  list?: readonly Build[],
  log?: (line: string) => void,
): Promise<BuildOutcome[]>;
