import { Bytes, MaybeBytes } from '../../components/bytes';
import { Panel } from '../../components/panel';
import { EmptyState, QueryState } from '../../components/query-state';
import { Segmented } from '../../components/segmented';
import { useContainers } from '../../features/containers/api/get-containers';
import { ContainersTable } from '../../features/containers/components/containers-table';
import {
  type ContainerFilter,
  containerTotals,
  filterContainers,
} from '../../features/containers/utils/filter-containers';
import { useEngineDown } from '../../features/health/api/get-health';
import { useSearchState } from '../../lib/use-search-state';

const filters: { value: ContainerFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'running', label: 'Running' },
  { value: 'stopped', label: 'Stopped' },
];

/** `/containers`: writable layers and logs, engine and on disk, and which image each uses. */
export function ContainersPage() {
  const engineDown = useEngineDown();
  const query = useContainers({ enabled: !engineDown });
  const [state, update] = useSearchState({ state: 'all' });
  const filter = filters.find((option) => option.value === state.state)?.value ?? 'all';
  return (
    <div className="page">
      <Panel
        id="containers"
        title="Containers"
        meta="Writable layers as the engine counts them (SizeRw) and as measured on disk, with log files"
        stale={engineDown}
        exportable
      >
        <QueryState
          query={query}
          engineDown={engineDown}
          loading="Loading containers…"
          errorTitle="Could not list the containers"
          empty={(data) =>
            data.containers.length === 0 ? (
              <EmptyState title="No containers">
                Containers appear here once one is created, e.g. <code>docker run debian:12</code>.
              </EmptyState>
            ) : null
          }
        >
          {(data) => {
            const rows = filterContainers(data.containers, filter);
            const totals = containerTotals(rows);
            return (
              <>
                <div className="toolbar">
                  <Segmented
                    legend="Show"
                    value={filter}
                    options={filters}
                    onChange={(value) => update({ state: value })}
                  />
                  <p className="toolbar-summary">
                    {rows.length} {rows.length === 1 ? 'container' : 'containers'} · writable{' '}
                    <Bytes value={totals.engineBytes} source="engine" /> (engine),{' '}
                    <MaybeBytes value={totals.writableDiskBytes} source="disk" /> on disk · logs{' '}
                    <MaybeBytes value={totals.logDiskBytes} source="disk" />
                  </p>
                </div>
                {rows.length === 0 ? (
                  <EmptyState title="No container in this state">
                    Pick “All” to see every container.
                  </EmptyState>
                ) : (
                  <ContainersTable containers={rows} />
                )}
              </>
            );
          }}
        </QueryState>
      </Panel>
    </div>
  );
}
