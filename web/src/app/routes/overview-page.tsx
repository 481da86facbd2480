import { Panel } from '../../components/panel';
import { QueryState } from '../../components/query-state';
import { useContainers } from '../../features/containers/api/get-containers';
import { useDisk } from '../../features/disk/api/get-disk';
import { useEngineDown, useEngineState } from '../../features/health/api/get-health';
import { useImages } from '../../features/images/api/get-images';
import { useLayerSummary } from '../../features/layers/api/get-layer-summary';
import { DataRootTotal } from '../../features/overview/components/data-root-total';
import { FootprintChart } from '../../features/overview/components/footprint-chart';
import { FootprintTable } from '../../features/overview/components/footprint-table';
import { DuplicatedDiffsTable } from '../../features/overview/components/duplicated-diffs-table';
import { OrphansTable } from '../../features/overview/components/orphans-table';
import { OrphansTotal } from '../../features/overview/components/orphans-total';
import { ReclaimableList } from '../../features/overview/components/reclaimable-list';
import { StorageLocation } from '../../features/overview/components/storage-location';
import { TopImages } from '../../features/overview/components/top-images';
import { footprintRows } from '../../features/overview/utils/footprint-rows';
import { reclaimableRows } from '../../features/overview/utils/reclaimable';

/** `/`: the data root on disk and the engine's figures, what could come back, where it lives. */
export function OverviewPage() {
  const engineDown = useEngineDown();
  const { health } = useEngineState();
  const enabled = !engineDown;
  const disk = useDisk({ enabled });
  const images = useImages({ enabled });
  const layers = useLayerSummary({ enabled });
  const containers = useContainers({ enabled });

  return (
    <div className="page overview">
      <h1 className="page-title">Overview</h1>
      <Panel
        id="data-root"
        title="Data root"
        meta="Measured on disk as du measures it, beside the engine’s own accounting"
        stale={engineDown}
        exportable
      >
        <QueryState
          query={disk}
          engineDown={engineDown}
          loading="Loading disk usage…"
          errorTitle="Could not read the disk usage"
        >
          {(data) => <DataRootTotal disk={data} />}
        </QueryState>
      </Panel>

      <Panel
        id="footprint"
        title="Footprint by category"
        meta="Engine figures (docker system df, layer sizes) and on-disk figures (du) side by side"
        stale={engineDown}
        exportable
      >
        <QueryState
          query={disk}
          engineDown={engineDown}
          loading="Loading disk usage…"
          errorTitle="Could not read the disk usage"
        >
          {(data) => {
            const rows = footprintRows({
              disk: data,
              layers: layers.data,
              containers: containers.data,
            });
            return (
              <div className="split">
                <FootprintChart rows={rows} />
                <FootprintTable rows={rows} reason={data.measurement.reason} />
              </div>
            );
          }}
        </QueryState>
      </Panel>

      <div className="columns">
        <Panel
          id="reclaimable"
          title="Reclaimable"
          meta="Each links to what it would remove"
          stale={engineDown}
          exportable
        >
          <QueryState
            query={disk}
            engineDown={engineDown}
            loading="Loading…"
            errorTitle="Could not read the disk usage"
          >
            {(data) => <ReclaimableList rows={reclaimableRows(data, layers.data)} />}
          </QueryState>
        </Panel>
        <Panel
          id="top-images"
          title="Top images by unique bytes"
          meta="What removing only that image frees (engine)"
          stale={engineDown}
          exportable
        >
          <QueryState
            query={images}
            engineDown={engineDown}
            loading="Loading images…"
            errorTitle="Could not list the images"
            empty={(data) =>
              data.images.length === 0 ? (
                <p className="muted">
                  No images yet: try <code>docker pull debian:12</code>.
                </p>
              ) : null
            }
          >
            {(data) => <TopImages images={data.images} />}
          </QueryState>
        </Panel>
      </div>

      <Panel id="location" title="Where images live" stale={engineDown}>
        <QueryState
          query={disk}
          engineDown={engineDown}
          loading="Loading…"
          errorTitle="Could not read the storage facts"
        >
          {(data) => <StorageLocation health={health} measurement={data.measurement} />}
        </QueryState>
      </Panel>

      {disk.data?.orphans ? (
        <Panel
          id="orphans"
          title="Orphaned layer directories"
          meta="overlay2/ directories that no image, container or build cache references (on disk)"
          exportable
        >
          <div className="panel-body">
            <OrphansTable orphans={disk.data.orphans} />
            <OrphansTotal orphans={disk.data.orphans} />
          </div>
        </Panel>
      ) : null}

      <Panel
        id="duplicated-diffs"
        title="Layers stored twice"
        meta="the same diff on different bases is stored once per chain: what a common base saves, engine and on disk"
        stale={engineDown}
        exportable
      >
        <DuplicatedDiffsTable engineDown={engineDown} />
      </Panel>
    </div>
  );
}
