import { Panel } from '../../components/panel';
import { EmptyState, QueryState } from '../../components/query-state';
import { Segmented } from '../../components/segmented';
import { useEngineDown } from '../../features/health/api/get-health';
import { useVolumes } from '../../features/volumes/api/get-volumes';
import { VolumesTable } from '../../features/volumes/components/volumes-table';
import {
  filterVolumes,
  sortVolumes,
  type VolumeFilter,
} from '../../features/volumes/utils/filter-volumes';
import { useSearchState } from '../../lib/use-search-state';

const filters: { value: VolumeFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'unused', label: 'Unused' },
  { value: 'in-use', label: 'In use' },
];

/** `/volumes`: every volume, its size (engine) and which containers mount it. */
export function VolumesPage() {
  const engineDown = useEngineDown();
  const query = useVolumes({ enabled: !engineDown });
  const [state, update] = useSearchState({ filter: 'all' });
  const filter = filters.find((option) => option.value === state.filter)?.value ?? 'all';
  return (
    <div className="page">
      <Panel
        id="volumes"
        title="Volumes"
        meta="Sizes as the engine reports them (/system/df); unused: no container mounts the volume"
        stale={engineDown}
        exportable
      >
        <QueryState
          query={query}
          engineDown={engineDown}
          loading="Loading volumes…"
          errorTitle="Could not list the volumes"
          empty={(data) =>
            data.volumes.length === 0 ? (
              <EmptyState title="No volumes">
                Volumes appear here once a container uses one, e.g.{' '}
                <code>docker volume create data</code>.
              </EmptyState>
            ) : null
          }
        >
          {(data) => {
            const rows = sortVolumes(filterVolumes(data.volumes, filter));
            return (
              <>
                <div className="toolbar">
                  <Segmented
                    legend="Show"
                    value={filter}
                    options={filters}
                    onChange={(value) => update({ filter: value })}
                  />
                  <p className="toolbar-summary">
                    {rows.length} of {data.volumes.length} volumes
                  </p>
                </div>
                {rows.length === 0 ? (
                  <EmptyState title="No volume matches">Pick “All” to see every volume.</EmptyState>
                ) : (
                  <VolumesTable volumes={rows} />
                )}
              </>
            );
          }}
        </QueryState>
      </Panel>
    </div>
  );
}
