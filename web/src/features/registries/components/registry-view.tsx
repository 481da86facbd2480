import type { RegistryTag, RegistryView as View } from '@footprint/shared';
import { useState } from 'react';
import { Bytes } from '../../../components/bytes';
import { EmptyState, QueryState } from '../../../components/query-state';
import { ErrorMessage } from '../../../components/error-message';
import { InertText } from '../../../components/inert-text';
import { Panel } from '../../../components/panel';
import { TableScroll } from '../../../components/table-scroll';
import { count } from '../../../lib/count';
import { inertAttribute } from '../../../lib/inert-text';
import { SessionNote } from '../../session/components/action-gate';
import { useSession } from '../../session/api/get-session';
import { useCrawlRegistry, useRegistry } from '../api/registries';
import { crawlSummary } from '../utils/registry-labels';
import { DeleteTagDialog } from './delete-tag-dialog';
import { GcInstructions } from './gc-instructions';
import { RepositoryTags } from './repository-tags';

function CrawlLine({ view }: { view: View }) {
  const { crawl } = view;
  return (
    <div className="registry-crawl" data-testid="crawl-status" data-state={crawl.state}>
      <p role="status">{crawlSummary(crawl, view.crawledAt)}</p>
      {crawl.state === 'running' && crawl.repositoriesTotal !== null ? (
        <progress
          max={Math.max(crawl.repositoriesTotal, 1)}
          value={crawl.repositoriesDone}
          aria-label="Repositories crawled"
        />
      ) : null}
    </div>
  );
}

function Totals({ view }: { view: View }) {
  return (
    <dl className="registry-totals">
      <div>
        <dt>Stored (each blob once)</dt>
        <dd data-testid="registry-marked" data-bytes={view.markedBytes}>
          <Bytes value={view.markedBytes} />
        </dd>
      </div>
      <div>
        <dt>Tags added up (shared layers counted each time)</dt>
        <dd data-bytes={view.tagSumBytes}>
          <Bytes value={view.tagSumBytes} />
        </dd>
      </div>
      <div>
        <dt>Freed by the next garbage collection, no deletion needed</dt>
        <dd data-bytes={view.reclaimableNowBytes}>
          <Bytes value={view.reclaimableNowBytes} />
        </dd>
      </div>
    </dl>
  );
}

/** A registry's repositories and tags, as last crawled, with tag deletion. */
export function RegistryView({ host }: { host: string }) {
  const query = useRegistry(host);
  const crawl = useCrawlRegistry(host);
  const { access } = useSession();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [deleting, setDeleting] = useState<{ repository: string; tag: RegistryTag } | null>(null);
  const running = query.data?.crawl.state === 'running';
  const canCrawl = query.data?.crawl.state !== 'unsupported';

  const toggle = (name: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });

  return (
    <Panel
      id="registry"
      title={`Registry ${host}`}
      meta="Sizes are the registry’s blobs (compressed, as stored), each counted once; local copies are the engine’s figures (unpacked)"
      actions={
        canCrawl && access !== 'unauthorized' ? (
          <button
            type="button"
            className="button"
            disabled={running || crawl.isPending || access === 'unknown'}
            onClick={() => crawl.mutate({})}
          >
            {running ? 'Crawling…' : query.data?.crawledAt ? 'Crawl again' : 'Crawl'}
          </button>
        ) : null
      }
    >
      {access === 'unauthorized' ? <SessionNote /> : null}
      {crawl.error ? <ErrorMessage title="Could not start the crawl" error={crawl.error} /> : null}
      <QueryState
        query={query}
        engineDown={false}
        loading="Loading the registry…"
        errorTitle="Could not read the registry"
      >
        {(view) => (
          <>
            <CrawlLine view={view} />
            {view.crawledAt === null ? null : view.repositories.length === 0 ? (
              <EmptyState title="No repositories">The registry’s catalog is empty.</EmptyState>
            ) : (
              <>
                <Totals view={view} />
                {view.localNote !== null ? (
                  <p className="warning-note">
                    <InertText value={view.localNote} max={600} />
                  </p>
                ) : null}
                <TableScroll label="Repositories">
                  <table className="registry-table" data-testid="registry-repositories">
                    <thead>
                      <tr>
                        <th scope="col">Repository</th>
                        <th scope="col" className="num">
                          Tags
                        </th>
                        <th scope="col" className="num">
                          Stored (registry, compressed)
                        </th>
                        <th scope="col" className="num">
                          Only it holds (freed after GC)
                        </th>
                      </tr>
                    </thead>
                    {view.repositories.map((repository) => {
                      const expanded = open.has(repository.name);
                      return (
                        <tbody
                          key={repository.name}
                          data-repository={inertAttribute(repository.name)}
                        >
                          <tr>
                            <th scope="row">
                              <button
                                type="button"
                                className="link-button"
                                aria-expanded={expanded}
                                onClick={() => toggle(repository.name)}
                              >
                                <InertText className="mono" value={repository.name} max={120} />
                              </button>
                              {repository.empty ? <span className="badge">empty</span> : null}
                              {repository.untagged.length > 0 ? (
                                <span className="badge badge-warn">
                                  {count(repository.untagged.length, 'untagged manifest')}
                                </span>
                              ) : null}
                              {repository.error ? (
                                <span
                                  className="badge badge-warn"
                                  title={inertAttribute(repository.error.message)}
                                >
                                  not read: <InertText value={repository.error.code} max={40} />
                                </span>
                              ) : null}
                            </th>
                            <td className="num">{repository.tags.length}</td>
                            <td className="num" data-bytes={repository.storedBytes}>
                              <Bytes value={repository.storedBytes} />
                            </td>
                            <td className="num" data-bytes={repository.onlyHeldBytes}>
                              <Bytes value={repository.onlyHeldBytes} />
                            </td>
                          </tr>
                          {expanded ? (
                            <tr>
                              <td colSpan={4}>
                                {repository.error ? (
                                  <p className="warning-note">
                                    <InertText value={repository.error.message} max={600} />
                                  </p>
                                ) : null}
                                <RepositoryTags
                                  repository={repository}
                                  onDelete={(tag) =>
                                    setDeleting({ repository: repository.name, tag })
                                  }
                                />
                              </td>
                            </tr>
                          ) : null}
                        </tbody>
                      );
                    })}
                  </table>
                </TableScroll>
                <details className="registry-gc-section">
                  <summary>Freeing the space of deleted tags (garbage collection)</summary>
                  <GcInstructions gc={view.gc} />
                </details>
              </>
            )}
          </>
        )}
      </QueryState>
      {deleting !== null ? (
        <DeleteTagDialog
          host={host}
          repository={deleting.repository}
          tag={deleting.tag.tag}
          onClose={() => setDeleting(null)}
        />
      ) : null}
    </Panel>
  );
}
