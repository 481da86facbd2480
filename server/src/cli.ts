#!/usr/bin/env node
import { analyzeUsage, parseAnalyzeArgs, runAnalyze, UsageError } from './cli/analyze.js';
import { ConfigError, loadConfig } from './config.js';
import { AppError } from './errors.js';

/*
 * The `docker-footprint` command: no argument or `serve` starts the dashboard (server.ts),
 * `analyze IMAGE` prints an image's waste analysis for a CI job and exits non-zero past a limit.
 */

async function main(argv: string[]): Promise<number | null> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'serve') {
    await import('./server.js');
    return null;
  }
  if (command === 'analyze') {
    const args = parseAnalyzeArgs(rest);
    return runAnalyze(args, loadConfig(process.env, { webRoot: null }));
  }
  if (command === '--help' || command === 'help') {
    process.stdout.write(`Usage: docker-footprint [serve]\n${analyzeUsage}\n`);
    return 0;
  }
  throw new UsageError(`Unknown command "${command}".`);
}

main(process.argv.slice(2)).then(
  (status) => {
    if (status !== null) process.exitCode = status;
  },
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n${analyzeUsage}`);
    else if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
    else if (error instanceof AppError) console.error(error.message);
    else console.error(error);
    process.exitCode = 2;
  },
);
