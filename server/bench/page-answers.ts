import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { apiRoutes, type ContainerList, type ImageList } from '@footprint/shared';
import { getJson, sleep } from './http-get.js';
import { measureGets } from './get-load.js';
import type { Latency } from './load.js';

/**
 * Every answer a page of the dashboard asks for (web/src/features/<name>/api/*.ts, by page in
 * web/src/app/routes), each under the same load as /api/images and /api/disk but asked as a
 * browser asks, gzip accepted (get-load.ts); and its size: the JSON, what a browser receives,
 * and that JSON gzipped here, so an answer the server sends uncompressed still shows what gzip
 * would make of it.
 */

export interface PageAnswer {
  /** What asks for it: "images page", "overview"… */
  page: string;
  path: string;
  /** null: it never answered 200 within the warm-up (the reason is in `skipped`). */
  latency: Latency | null;
  skipped: string | null;
  jsonBytes: number;
  /** The body as a browser receives it (Accept-Encoding: gzip). */
  wireBytes: number;
  wireEncoding: string;
  /** The JSON gzipped here at zlib's default level. */
  gzipBytes: number;
  /** From the first ask to the first 200 (a first duplicates answer works every layer out). */
  firstAnswerMs: number;
  /** The server's resident memory right after that first answer, and its peak so far. */
  memory: { rssBytes: number; peakRssBytes: number } | null;
}

interface Raw {
  status: number;
  body: Buffer;
  encoding: string;
}

function getRaw(port: number, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'GET', headers, timeout: 120_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            encoding: String(res.headers['content-encoding'] ?? 'identity'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer in 120 s`)));
    req.on('error', reject);
    req.end();
  });
}

/** The pages' GETs on this host: the per-image ones for its largest image. */
export async function pagePaths(port: number): Promise<{ page: string; path: string }[]> {
  const images = (await getJson<ImageList>(port, apiRoutes.images)).body.images;
  const largest = [...images].sort((a, b) => b.size - a.size)[0];
  const containers = (await getJson<ContainerList>(port, apiRoutes.containers)).body.containers;
  const paths = [
    { page: 'every page (engine state)', path: apiRoutes.health },
    { page: 'every page (session)', path: apiRoutes.session },
    { page: 'overview, images, layers, reclaim', path: apiRoutes.images },
    {
      page: 'images (unused for 30 days, with evidence)',
      path: `${apiRoutes.images}?unusedForDays=30&unusedBasis=recorded-or-age`,
    },
    { page: 'overview, report', path: apiRoutes.disk },
    { page: 'containers, overview, report', path: apiRoutes.containers },
    { page: 'layers, images, report, image detail', path: apiRoutes.layers },
    { page: 'overview, report (layer sums)', path: apiRoutes.layerSummary },
    { page: 'volumes', path: apiRoutes.volumes },
    { page: 'build cache', path: apiRoutes.buildCache },
    { page: 'reclaim (prune status)', path: apiRoutes.prune },
    {
      page: 'duplicates (files)',
      path: `${apiRoutes.duplicateFiles}?minBytes=1024&offset=0&limit=50`,
    },
    { page: 'duplicates (diffs)', path: `${apiRoutes.duplicateDiffs}?offset=0&limit=50` },
  ];
  if (largest !== undefined) {
    const id = encodeURIComponent(largest.id);
    paths.push(
      { page: 'image detail', path: apiRoutes.image.replace(':id', id) },
      { page: 'image explorer (analysis)', path: apiRoutes.imageAnalysis.replace(':id', id) },
      {
        page: 'image explorer (first tree page)',
        path: `${apiRoutes.imageTree.replace(':id', id)}?view=merged&path=%2F&sort=name&order=asc&offset=0&limit=500`,
      },
    );
  }
  const container = containers[0];
  if (container !== undefined) {
    paths.push({
      page: 'container changes',
      path: apiRoutes.containerChanges.replace(':id', container.id),
    });
  }
  return paths;
}

/** The answer once it is 200 (or an error status); a 202 is asked again, for 2 minutes. */
async function answered(port: number, path: string): Promise<Raw> {
  let plain = await getRaw(port, path, {});
  const deadline = Date.now() + 120_000;
  while (plain.status !== 200 && plain.status < 400 && Date.now() < deadline) {
    await sleep(500);
    plain = await getRaw(port, path, {});
  }
  return plain;
}

/**
 * Each page answer: asked until it answers 200 (an explorer answer is 202 while the image is
 * indexed; 2 minutes at most), sized, then measured under load. One that never answers is
 * reported as not measured, with why, and the others are still measured.
 */
export async function measurePageAnswers(
  port: number,
  load: { connections: number; durationSeconds: number },
  log: (line: string) => void,
  serverMemory: () => { rssBytes: number; peakRssBytes: number } | null = () => null,
): Promise<PageAnswer[]> {
  const answers: PageAnswer[] = [];
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  for (const { page, path } of await pagePaths(port)) {
    let plain: Raw;
    const asked = performance.now();
    try {
      plain = await answered(port, path);
    } catch (error) {
      plain = { status: 0, body: Buffer.from(String(error)), encoding: 'identity' };
    }
    const firstAnswerMs = performance.now() - asked;
    const memory = serverMemory();
    log(
      `  ${path}: first answer ${(firstAnswerMs / 1000).toFixed(2)} s` +
        (memory === null
          ? ''
          : `; server RSS ${mb(memory.rssBytes)}, peak ${mb(memory.peakRssBytes)}`),
    );
    if (plain.status !== 200) {
      const skipped = `answered ${plain.status}: ${plain.body.toString('utf8').slice(0, 200)}`;
      log(`  ${path}: not measured (${skipped})`);
      answers.push({
        page,
        path,
        latency: null,
        skipped,
        jsonBytes: plain.body.length,
        wireBytes: 0,
        wireEncoding: 'identity',
        gzipBytes: 0,
        firstAnswerMs,
        memory,
      });
      continue;
    }
    const zipped = await getRaw(port, path, { 'accept-encoding': 'gzip, deflate, br' });
    const latency = await measureGets(port, path, load);
    log(`  ${path}: p50 ${latency.p50Ms} ms, p99 ${latency.p99Ms} ms, ${zipped.body.length} B`);
    answers.push({
      page,
      path,
      latency,
      skipped: null,
      jsonBytes: plain.body.length,
      wireBytes: zipped.body.length,
      wireEncoding: zipped.encoding,
      gzipBytes: gzipSync(plain.body).length,
      firstAnswerMs,
      memory,
    });
  }
  return answers;
}
