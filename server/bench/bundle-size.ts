import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  /** Every .js and .css file of web/dist/assets, each gzipped on its own, added up. */
  totalGzipBytes: number;
  totalBytes: number;
  /** The chunk index.html loads as its module script. */
  entryFile: string;
  entryGzipBytes: number;
  files: { file: string; bytes: number; gzipBytes: number }[];
}

/** The built web UI's size as a browser downloads it (gzip), from web/dist. */
export function measureBundle(webDist: string): BundleSize {
  const html = readFileSync(join(webDist, 'index.html'), 'utf8');
  const entry = /<script[^>]*type="module"[^>]*src="\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (entry === undefined) throw new Error(`No module script in ${webDist}/index.html.`);
  const assets = join(webDist, 'assets');
  const files = readdirSync(assets)
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => {
      const content = readFileSync(join(assets, file));
      return { file: `assets/${file}`, bytes: content.length, gzipBytes: gzipSync(content).length };
    });
  const entryFile = files.find((file) => file.file === entry);
  if (entryFile === undefined) throw new Error(`${entry} (from index.html) is not in ${assets}.`);
  return {
    totalGzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
    totalBytes: files.reduce((sum, file) => sum + file.bytes, 0),
    entryFile: entry,
    entryGzipBytes: entryFile.gzipBytes,
    files,
  };
}
