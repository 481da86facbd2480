import { exactBytes, humanBytes, type ImageAnalysis } from '@footprint/shared';
import type { Config } from '../config.js';
import { type Thresholds, thresholdFailures } from '../domain/analysis-thresholds.js';
import { Engine } from '../engine/engine.js';
import { EngineClient } from '../engine/engine-client.js';
import { analyzeImage } from '../services/image-analysis.js';
import { LayerIndex } from '../services/layer-index.js';
import { engineStateDir } from '../state/state-dir.js';

export const analyzeUsage =
  'Usage: docker-footprint analyze IMAGE [--json] [--min-efficiency 0-1] [--max-wasted-bytes N]\n' +
  'Exit status: 0 within the limits, 1 past a limit, 2 on an error. The engine is DOCKER_HOST.';

export interface AnalyzeArgs extends Thresholds {
  image: string;
  json: boolean;
}

export class UsageError extends Error {}

export function parseAnalyzeArgs(args: readonly string[]): AnalyzeArgs {
  const parsed: AnalyzeArgs = { image: '', json: false, minEfficiency: null, maxWastedBytes: null };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] = arg.startsWith('--') ? arg.split('=', 2) : [arg, undefined];
    const value = () => {
      const next = inline ?? args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value.`);
      return next;
    };
    if (flag === '--json') parsed.json = true;
    else if (flag === '--min-efficiency') {
      const number = Number(value());
      if (!(number >= 0 && number <= 1)) {
        throw new UsageError(
          '--min-efficiency is a score from 0 to 1, as dive’s lowestEfficiency.',
        );
      }
      parsed.minEfficiency = number;
    } else if (flag === '--max-wasted-bytes') {
      const number = Number(value());
      if (!Number.isInteger(number) || number < 0) {
        throw new UsageError('--max-wasted-bytes is a whole number of bytes.');
      }
      parsed.maxWastedBytes = number;
    } else if (flag?.startsWith('-')) throw new UsageError(`Unknown option ${flag}.`);
    else if (parsed.image === '') parsed.image = arg;
    else throw new UsageError(`One image at a time; "${arg}" is one too many.`);
  }
  if (parsed.image === '') throw new UsageError('Name the image to analyze.');
  return parsed;
}

function report(analysis: ImageAnalysis): string {
  const lines = [
    `Image: ${analysis.repoTags[0] ?? analysis.imageId}`,
    `Layers: ${analysis.layers.length}, files: ${humanBytes(analysis.totalApparentBytes)} ` +
      `(${exactBytes(analysis.totalApparentBytes)})`,
    `Reclaimable by squashing: ${humanBytes(analysis.reclaimableBytes)} ` +
      `(${exactBytes(analysis.reclaimableBytes)})`,
    `dive efficiency: ${(analysis.dive.efficiency * 100).toFixed(4)} %, dive wasted bytes: ` +
      `${exactBytes(analysis.dive.wastedBytes)}`,
  ];
  for (const file of analysis.wastedFiles.slice(0, 20)) {
    lines.push(`  ${String(file.reclaimableBytes).padStart(12)}  ${file.displayPath}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Prints the analysis; resolves to the exit status. */
export async function runAnalyze(args: AnalyzeArgs, config: Config): Promise<number> {
  const engine = new Engine(
    new EngineClient({ dockerHost: config.dockerHost, dockerCertPath: config.dockerCertPath }),
  );
  // The engine's own state directory, shared with a server on it without its lock: layer
  // index files are written whole and renamed into place, so both may add them.
  const stateDir = engineStateDir(config.stateRoot, await engine.identity());
  const analysis = await analyzeImage(
    new LayerIndex(engine, { dataRoot: config.dataRoot, stateDir }),
    args.image,
  );
  const failures = thresholdFailures(analysis, args);
  process.stdout.write(
    args.json ? `${JSON.stringify({ ...analysis, failures }, null, 2)}\n` : report(analysis),
  );
  for (const failure of failures) console.error(`FAIL: ${failure}`);
  return failures.length > 0 ? 1 : 0;
}
