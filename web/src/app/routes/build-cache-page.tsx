import { Bytes } from '../../components/bytes';
import { Panel } from '../../components/panel';
import { EmptyState, QueryState } from '../../components/query-state';
import { Segmented } from '../../components/segmented';
import { useBuildCache } from '../../features/build-cache/api/get-build-cache';
import { BuildCacheTable } from '../../features/build-cache/components/build-cache-table';
import {
  type BuildCacheFilter,
  filterBuildCache,
} from '../../features/build-cache/utils/filter-build-cache';
import { useEngineDown } from '../../features/health/api/get-health';
import { useSearchState } from '../../lib/use-search-state';

const filters: { value: BuildCacheFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'reclaimable', label: 'Reclaimable' },
  { value: 'in-use', label: 'In use' },
  { value: 'shared', label: 'Shared with images' },
];

/** `/build-cache`: BuildKit's cache records, what each step keeps and what pruning frees. */
export function BuildCachePage() {
  const engineDown = useEngineDown();
  const query = useBuildCache({ enabled: !engineDown });
  const [state, update] = useSearchState({ filter: 'all' });
  const filter = filters.find((option) => option.value === state.filter)?.value ?? 'all';
  return (
    <div className="page">
      <Panel
        id="build-cache"
        title="Build cache"
        meta="BuildKit records as the engine reports them; reclaimable: neither in use nor shared with image layers"
        stale={engineDown}
        exportable
      >
        <QueryState
          query={query}
          engineDown={engineDown}
          loading="Loading the build cache…"
          errorTitle="Could not list the build cache"
          empty={(data) =>
            data.records.length === 0 ? (
              <EmptyState title="No build cache">
                BuildKit keeps a record per build step; <code>docker build .</code> makes some.
              </EmptyState>
            ) : null
          }
        >
          {(data) => {
            const rows = filterBuildCache(data.records, filter);
            const total = rows.reduce((sum, record) => sum + record.size, 0);
            return (
              <>
                <div className="toolbar">
                  <Segmented
                    legend="Show"
                    value={filter}
                    options={filters}
                    onChange={(value) => update({ filter: value })}
                  />
                  <p className="toolbar-summary" data-bytes={total}>
                    {rows.length} records · <Bytes value={total} source="engine" />
                  </p>
                </div>
                {rows.length === 0 ? (
                  <EmptyState title="No record matches">Pick “All” to see every record.</EmptyState>
                ) : (
                  <BuildCacheTable records={rows} />
                )}
              </>
            );
          }}
        </QueryState>
      </Panel>
    </div>
  );
}
