import { FilteredListPanel, type ListFilter } from '../../components/filtered-list-panel';
import { useEngineDown } from '../../features/health/api/get-health';
import { useVolumes } from '../../features/volumes/api/get-volumes';
import { VolumesTable } from '../../features/volumes/components/volumes-table';
import {
  filterVolumes,
  sortVolumes,
  type VolumeFilter,
} from '../../features/volumes/utils/filter-volumes';
import { count } from '../../lib/count';

const filters: ListFilter<VolumeFilter>[] = [
  { value: 'all', label: 'All' },
  { value: 'unused', label: 'Unused' },
  { value: 'in-use', label: 'In use' },
];

/** `/volumes`: every volume, its size (engine) and which containers mount it. */
export function VolumesPage() {
  const query = useVolumes({ enabled: !useEngineDown() });
  return (
    <div className="page">
      <FilteredListPanel
        id="volumes"
        title="Volumes"
        meta="Sizes as the engine reports them (/system/df); unused: no container mounts the volume"
        query={query}
        loading="Loading volumes…"
        errorTitle="Could not list the volumes"
        rowsOf={(data) => data.volumes}
        empty={{
          title: 'No volumes',
          hint: (
            <>
              Volumes appear here once a container uses one, e.g.{' '}
              <code>docker volume create data</code>.
            </>
          ),
        }}
        filters={filters}
        param="filter"
        filter={(rows, filter) => sortVolumes(filterVolumes(rows, filter))}
        summary={(rows, all) => `${rows.length} of ${count(all.length, 'volume')}`}
        noMatch="No volume matches"
        table={(rows) => <VolumesTable volumes={rows} />}
      />
    </div>
  );
}
