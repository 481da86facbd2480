import { useMemo } from 'react';
import { InertText } from '../../components/inert-text';
import { Panel } from '../../components/panel';
import { QueryState } from '../../components/query-state';
import { useContainers } from '../../features/containers/api/get-containers';
import { useDisk } from '../../features/disk/api/get-disk';
import { DiskTable } from '../../features/disk/components/disk-table';
import { useEngineDown, useEngineState } from '../../features/health/api/get-health';
import { useImages } from '../../features/images/api/get-images';
import { RepositoryTable } from '../../features/images/components/repository-table';
import { useLayerSummary } from '../../features/layers/api/get-layer-summary';
import { useLayers } from '../../features/layers/api/get-layers';
import { ReuseView } from '../../features/layers/components/reuse-view';
import { DataRootTotal } from '../../features/overview/components/data-root-total';
import { FootprintTable } from '../../features/overview/components/footprint-table';
import { ReclaimableList } from '../../features/overview/components/reclaimable-list';
import { TopImages } from '../../features/overview/components/top-images';
import { footprintRows } from '../../features/overview/utils/footprint-rows';
import { reclaimableRows } from '../../features/overview/utils/reclaimable';

/** `/report`: every figure on one page, laid out for print (print CSS hides the rest). */
export function ReportPage() {
  const engineDown = useEngineDown();
  const { health } = useEngineState();
  const enabled = !engineDown;
  const disk = useDisk({ enabled });
  const images = useImages({ enabled });
  const layers = useLayers({ enabled });
  const layerSummary = useLayerSummary({ enabled });
  const containers = useContainers({ enabled });
  const date = useMemo(() => new Date().toLocaleString(), []);
  const byId = useMemo(
    () => new Map((images.data?.images ?? []).map((image) => [image.id, image])),
    [images.data],
  );

  return (
    <div className="page report">
      <header className="report-header">
        <div>
          <h1 className="page-title">Docker disk footprint report</h1>
          <p className="muted">
            {date}
            {health?.engine.version ? (
              <>
                {' · Docker Engine '}
                <InertText value={health.engine.version} max={80} />
              </>
            ) : null}
            {health?.engine.storageDriver ? (
              <>
                {' · '}
                <InertText value={health.engine.storageDriver} max={80} />
              </>
            ) : null}
          </p>
        </div>
        <button type="button" className="button no-print" onClick={() => window.print()}>
          Print
        </button>
      </header>
      <Panel id="report-data-root" title="Data root" stale={engineDown}>
        <QueryState
          query={disk}
          engineDown={engineDown}
          loading="Loading…"
          errorTitle="Could not read the disk usage"
        >
          {(data) => <DataRootTotal disk={data} />}
        </QueryState>
      </Panel>
      <Panel
        id="report-footprint"
        title="Footprint by category"
        meta="Engine figures and on-disk figures"
        stale={engineDown}
      >
        <QueryState
          query={disk}
          engineDown={engineDown}
          loading="Loading…"
          errorTitle="Could not read the disk usage"
        >
          {(data) => (
            <FootprintTable
              rows={footprintRows({
                disk: data,
                layers: layerSummary.data,
                containers: containers.data,
              })}
              reason={data.measurement.reason}
            />
          )}
        </QueryState>
      </Panel>
      <Panel
        id="report-engine"
        title="Engine figures"
        meta={
          <>
            As <code>docker system df</code> reports them
          </>
        }
        stale={engineDown}
      >
        <QueryState
          query={disk}
          engineDown={engineDown}
          loading="Loading…"
          errorTitle="Could not read the disk usage"
        >
          {(data) => <DiskTable disk={data} />}
        </QueryState>
      </Panel>
      <div className="columns">
        <Panel id="report-reclaimable" title="Reclaimable" stale={engineDown}>
          <QueryState
            query={disk}
            engineDown={engineDown}
            loading="Loading…"
            errorTitle="Could not read the disk usage"
          >
            {(data) => <ReclaimableList rows={reclaimableRows(data, layerSummary.data)} />}
          </QueryState>
        </Panel>
        <Panel id="report-top" title="Top images by unique bytes" stale={engineDown}>
          <QueryState
            query={images}
            engineDown={engineDown}
            loading="Loading…"
            errorTitle="Could not list the images"
          >
            {(data) => <TopImages images={data.images} />}
          </QueryState>
        </Panel>
      </div>
      <Panel
        id="report-repositories"
        title="Repositories"
        meta="All tags of each repository together"
        stale={engineDown}
      >
        <QueryState
          query={images}
          engineDown={engineDown}
          loading="Loading…"
          errorTitle="Could not list the images"
        >
          {(data) => <RepositoryTable images={data.images} layers={layers.data} />}
        </QueryState>
      </Panel>
      <Panel id="report-reuse" title="Shared-layer reuse" stale={engineDown}>
        <QueryState
          query={layers}
          engineDown={engineDown}
          loading="Loading…"
          errorTitle="Could not list the layers"
        >
          {(data) => <ReuseView layers={data} images={byId} />}
        </QueryState>
      </Panel>
    </div>
  );
}
