import type { ContainerDisk } from '@footprint/shared';
import { useState } from 'react';
import { Bytes, MaybeBytes } from '../../components/bytes';
import { FilteredListPanel, type ListFilter } from '../../components/filtered-list-panel';
import { KeptListNote } from '../../components/kept-list-note';
import { useContainers } from '../../features/containers/api/get-containers';
import { ContainersTable } from '../../features/containers/components/containers-table';
import { RemoveContainerButton } from '../../features/containers/components/remove-container-button';
import { RemoveContainerDialog } from '../../features/containers/components/remove-container-dialog';
import {
  type ContainerFilter,
  containerTotals,
  filterContainers,
} from '../../features/containers/utils/filter-containers';
import { useEngineDown } from '../../features/health/api/get-health';
import { useSession } from '../../features/session/api/get-session';

const filters: ListFilter<ContainerFilter>[] = [
  { value: 'all', label: 'All' },
  { value: 'running', label: 'Running' },
  { value: 'stopped', label: 'Stopped' },
];

/** `/containers`: writable layers and logs, engine and on disk, and which image each uses. */
export function ContainersPage() {
  const engineDown = useEngineDown();
  const query = useContainers({ enabled: !engineDown });
  // Removal only where the server would accept it: not read-only, and with the session.
  const { access } = useSession();
  const [removing, setRemoving] = useState<ContainerDisk | null>(null);
  const rowActions =
    access === 'allowed'
      ? (container: ContainerDisk) => (
          <RemoveContainerButton container={container} onOpen={setRemoving} />
        )
      : undefined;
  const keptAt = query.data?.engineKeptAt;
  return (
    <div className="page">
      <KeptListNote
        kept={keptAt !== undefined ? { askedAt: keptAt } : undefined}
        engineDown={engineDown}
      />
      <FilteredListPanel
        id="containers"
        title="Containers"
        meta="Writable layers as the engine counts them (SizeRw) and as measured on disk, with log files"
        query={query}
        loading="Loading containers…"
        errorTitle="Could not list the containers"
        rowsOf={(data) => data.containers}
        empty={{
          title: 'No containers',
          hint: (
            <>
              Containers appear here once one is created, e.g. <code>docker run debian:12</code>.
            </>
          ),
        }}
        filters={filters}
        param="state"
        filter={filterContainers}
        summary={(rows) => {
          const totals = containerTotals(rows);
          return (
            <>
              {rows.length} {rows.length === 1 ? 'container' : 'containers'} · writable{' '}
              <Bytes value={totals.engineBytes} source="engine" /> (engine),{' '}
              <MaybeBytes value={totals.writableDiskBytes} source="disk" /> on disk · logs{' '}
              <MaybeBytes value={totals.logDiskBytes} source="disk" />
            </>
          );
        }}
        noMatch="No container in this state"
        table={(rows) => <ContainersTable containers={rows} rowActions={rowActions} />}
      />
      {removing !== null ? (
        <RemoveContainerDialog container={removing} onClose={() => setRemoving(null)} />
      ) : null}
    </div>
  );
}
