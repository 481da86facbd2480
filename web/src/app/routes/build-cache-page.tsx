import { Bytes } from '../../components/bytes';
import { FilteredListPanel, type ListFilter } from '../../components/filtered-list-panel';
import { useBuildCache } from '../../features/build-cache/api/get-build-cache';
import { BuildCacheTable } from '../../features/build-cache/components/build-cache-table';
import {
  type BuildCacheFilter,
  filterBuildCache,
} from '../../features/build-cache/utils/filter-build-cache';
import { useEngineDown } from '../../features/health/api/get-health';
import { count } from '../../lib/count';

const filters: ListFilter<BuildCacheFilter>[] = [
  { value: 'all', label: 'All' },
  { value: 'reclaimable', label: 'Reclaimable' },
  { value: 'in-use', label: 'In use' },
  { value: 'shared', label: 'Shared with images' },
];

/** `/build-cache`: BuildKit's cache records, what each step keeps and what pruning frees. */
export function BuildCachePage() {
  const query = useBuildCache({ enabled: !useEngineDown() });
  return (
    <div className="page">
      <FilteredListPanel
        id="build-cache"
        title="Build cache"
        meta="BuildKit records as the engine reports them; reclaimable: neither in use nor shared with image layers"
        query={query}
        loading="Loading the build cache…"
        errorTitle="Could not list the build cache"
        rowsOf={(data) => data.records}
        empty={{
          title: 'No build cache',
          hint: (
            <>
              BuildKit keeps a record per build step; <code>docker build .</code> makes some.
            </>
          ),
        }}
        filters={filters}
        param="filter"
        filter={filterBuildCache}
        summary={(rows) => {
          const total = rows.reduce((sum, record) => sum + record.size, 0);
          return (
            <span data-bytes={total}>
              {count(rows.length, 'record')} · <Bytes value={total} source="engine" />
            </span>
          );
        }}
        noMatch="No record matches"
        table={(rows) => <BuildCacheTable records={rows} />}
      />
    </div>
  );
}
