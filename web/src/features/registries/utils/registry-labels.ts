import type { CrawlStatus, RegistryTag } from '@footprint/shared';

/** "sha256:abcdef012345": a digest as short as the docker CLI's image IDs, algorithm kept. */
export function shortDigest(digest: string): string {
  const [algorithm = '', hex = ''] = digest.split(':');
  return `${algorithm}:${hex.slice(0, 12)}`;
}

/** The crawl in words, for the status line above the repositories. */
export function crawlSummary(crawl: CrawlStatus, crawledAt: string | null): string {
  switch (crawl.state) {
    case 'running':
      return crawl.repositoriesTotal === null
        ? 'Crawling: reading the catalog…'
        : `Crawling: ${crawl.repositoriesDone} of ${crawl.repositoriesTotal} repositories, ` +
            `${crawl.manifestsFetched} manifests fetched`;
    case 'failed':
      return `The last crawl stopped: ${crawl.message ?? 'no reason given'}`;
    case 'unsupported':
      return crawl.message ?? 'This registry cannot be crawled.';
    case 'never':
      return 'Not crawled yet.';
    case 'done':
      return (
        `Crawled ${crawledAt === null ? '' : `at ${new Date(crawledAt).toLocaleString()}`}` +
        (crawl.repositoriesFailed > 0
          ? ` — ${crawl.repositoriesFailed} of ${crawl.repositoriesTotal ?? '?'} repositories failed`
          : '')
      );
  }
}

/** The tag's platforms, for a column: "linux/amd64, linux/arm64 (+1 attestation)". */
export function platformsLabel(tag: RegistryTag): string {
  const images = tag.platforms.filter((p) => !p.attestation);
  const attestations = tag.platforms.length - images.length;
  const names = images.map((p) => p.platform ?? 'unknown').join(', ');
  return attestations > 0
    ? `${names} (+${attestations} attestation${attestations === 1 ? '' : 's'})`
    : names;
}
