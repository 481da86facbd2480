import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StackAnalysis } from '../domain/stack-analysis.js';
import { indexDirName } from './layer-index-files.js';

/*
 * An image's waste analysis depends only on its layers, so it is kept by the top chain ID next
 * to the layer indexes: dive's arithmetic over a million entries is not redone at every start.
 * A file of another version, or one that does not parse, is ignored and written again.
 */

const version = 1;

interface AnalysisFile {
  version: number;
  chainId: string;
  analysis: StackAnalysis;
}

function pathOf(stateDir: string, chainId: string): string {
  const hex = /^(?:sha256:)?([0-9a-f]{64})$/.exec(chainId)?.[1];
  if (hex === undefined) throw new Error(`Not a chain ID: ${chainId}`);
  return join(stateDir, indexDirName, `${hex}.analysis.json`);
}

export async function loadAnalysis(
  stateDir: string,
  chainId: string,
): Promise<StackAnalysis | null> {
  try {
    const file = JSON.parse(await readFile(pathOf(stateDir, chainId), 'utf8')) as AnalysisFile;
    return file.version === version && file.chainId === chainId ? file.analysis : null;
  } catch {
    return null;
  }
}

export async function saveAnalysis(
  stateDir: string,
  chainId: string,
  analysis: StackAnalysis,
): Promise<void> {
  const path = pathOf(stateDir, chainId);
  await mkdir(join(stateDir, indexDirName), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ version, chainId, analysis } satisfies AnalysisFile));
  await rename(temporary, path);
}
