import type { TreeEntry } from '@footprint/shared';
import { useCallback } from 'react';
import { useParams } from 'react-router';
import { Link } from '../../components/engine-link';
import { ErrorMessage } from '../../components/error-message';
import { InertText } from '../../components/inert-text';
import { Panel } from '../../components/panel';
import { QueryState } from '../../components/query-state';
import { Segmented } from '../../components/segmented';
import { useEngineDown } from '../../features/health/api/get-health';
import { imageLink } from '../../features/images/utils/image-link';
import { shortId } from '../../features/images/utils/short-id';
import { useImageAnalysis } from '../../features/layer-explorer/api/get-image-analysis';
import type { TreeParams } from '../../features/layer-explorer/api/get-tree-page';
import { useTreeSearch } from '../../features/layer-explorer/api/search-tree';
import { ChangeFilter } from '../../features/layer-explorer/components/change-filter';
import { FileTree } from '../../features/layer-explorer/components/file-tree';
import { LayerList } from '../../features/layer-explorer/components/layer-list';
import { PathCrumbs } from '../../features/layer-explorer/components/path-crumbs';
import { SearchResults } from '../../features/layer-explorer/components/search-results';
import { TreeSearchBox } from '../../features/layer-explorer/components/tree-search-box';
import { IndexProgress } from '../../features/layer-explorer/components/work-progress';
import {
  AnalysisJsonLink,
  WastedFilesTable,
  WasteSummary,
} from '../../features/layer-explorer/components/waste-panel';
import {
  availableChanges,
  changesParam,
  changesQuery,
  selectedChanges,
} from '../../features/layer-explorer/utils/change-filter';
import { parseLayerParam } from '../../features/layer-explorer/utils/entry-labels';
import { parentPath } from '../../features/layer-explorer/utils/tree-rows';
import { inertAttribute } from '../../lib/inert-text';
import { useSearchState } from '../../lib/use-search-state';

const defaults = { tab: 'files', layer: 'merged', path: '/', sort: 'name', q: '', changes: '' };

const tabs = [
  { value: 'files', label: 'Files' },
  { value: 'waste', label: 'Waste' },
] as const;

const sorts = [
  { value: 'name', label: 'Name' },
  { value: 'size', label: 'Size', hint: 'Biggest first' },
] as const;

/**
 * `/images/:id/explorer`: the image's files layer by layer and merged, and its waste. The URL
 * holds the view: ?tab=files|waste&layer=<index>|merged&path=/dir&sort=name|size&q=search
 * &changes=added,modified,deleted,unchanged (the change filter; absent: every change).
 */
export function ImageExplorerPage() {
  const { id = '' } = useParams();
  const engineDown = useEngineDown();
  const [state, update] = useSearchState(defaults);
  const analysis = useImageAnalysis(id, { enabled: !engineDown });
  const layer = parseLayerParam(state.layer, analysis.data?.layers.length ?? 0);
  const sort = state.sort === 'size' ? 'size' : 'name';
  const tab = state.tab === 'waste' ? 'waste' : 'files';
  const path = state.path.startsWith('/') ? state.path : `/${state.path}`;
  const view = layer === 'merged' ? 'merged' : 'layer';
  const params: TreeParams = {
    imageId: id,
    layer: layer === 'merged' ? undefined : layer,
    view,
    sort,
    changes: changesQuery(state.changes, view),
  };
  const steps = analysis.data?.layers;
  const stepOf = useCallback((index: number) => steps?.[index]?.createdBy?.trim() || null, [steps]);
  const search = useTreeSearch(
    { ...params, q: state.q },
    { enabled: !engineDown && tab === 'files' },
  );
  const name = analysis.data?.repoTags[0] ?? shortId(id);
  const onSearch = useCallback((q: string) => update({ q }), [update]);
  const reveal = (entry: TreeEntry) =>
    update(
      { q: '', path: entry.kind === 'dir' ? entry.path : parentPath(entry.path) },
      { push: true },
    );
  const viewName = layer === 'merged' ? 'merged view' : `layer ${layer}`;

  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/images">Images</Link> <span aria-hidden="true">/</span>{' '}
        <Link to={imageLink(id)}>
          <InertText value={name} max={80} />
        </Link>{' '}
        <span aria-hidden="true">/</span> <span aria-current="page">Layer explorer</span>
      </nav>
      <div className="explorer-heading">
        <h1 className="page-title">
          Layer explorer <InertText className="mono muted" value={name} max={80} />
        </h1>
        <Segmented
          legend="Show"
          value={tab}
          options={tabs}
          onChange={(value) => update({ tab: value }, { push: true })}
        />
        <Link
          className="explorer-aside-link"
          // Filtered to this image once its full ID is known (the route may hold a short one).
          to={
            analysis.data
              ? `/duplicates?image=${encodeURIComponent(analysis.data.imageId)}`
              : '/duplicates'
          }
        >
          Duplicates across images
        </Link>
      </div>
      <IndexProgress imageId={id} />
      {tab === 'files' ? (
        <div className="explorer-layout">
          <Panel
            id="explorer-layers"
            title="Layers, bottom to top"
            meta="Bytes stored, as du -b counts them"
            stale={engineDown}
          >
            <QueryState
              query={analysis}
              engineDown={engineDown}
              loading="Reading the layers…"
              errorTitle="Could not read this image’s layers"
            >
              {(data) => (
                <LayerList
                  layers={data.layers}
                  selected={layer}
                  visibleBytes={data.visibleApparentBytes}
                  onSelect={(next) =>
                    update({ layer: next === 'merged' ? 'merged' : String(next) }, { push: true })
                  }
                />
              )}
            </QueryState>
          </Panel>
          <Panel
            id="explorer-files"
            title={`Files · ${viewName}`}
            meta={
              layer === 'merged'
                ? 'What a container sees; marks are against the layers below the top one, and ' +
                  'Last change names the layer that last changed each entry'
                : 'What this layer stores, marked against the layers below it'
            }
            stale={engineDown}
          >
            <div className="panel-body">
              <div className="toolbar">
                <TreeSearchBox value={state.q} onChange={onSearch} />
                <div className="field">
                  <span className="field-label" aria-hidden="true">
                    Sort by
                  </span>
                  <Segmented
                    legend="Sort by"
                    value={sort}
                    options={sorts}
                    onChange={(value) => update({ sort: value })}
                  />
                </div>
                <ChangeFilter
                  available={availableChanges(view)}
                  selected={selectedChanges(state.changes, view)}
                  onChange={(next) => update({ changes: changesParam(next, view) })}
                />
              </div>
              {state.q ? (
                search.error ? (
                  <ErrorMessage title="Could not search this image" error={search.error} />
                ) : search.data ? (
                  <SearchResults result={search.data} onReveal={reveal} stepOf={stepOf} />
                ) : (
                  <p className="loading" role="status">
                    Searching…
                  </p>
                )
              ) : (
                <>
                  <PathCrumbs
                    path={path}
                    onOpen={(next) => update({ path: next }, { push: true })}
                  />
                  <FileTree
                    key={`${id}|${state.layer}|${path}|${params.changes ?? ''}`}
                    params={params}
                    stepOf={stepOf}
                    root={path}
                    enabled={!engineDown}
                    onOpen={(next) => update({ path: next }, { push: true })}
                    // The path is a raw key from the API (file names are bytes): inert.
                    label={`Files of ${viewName} in ${inertAttribute(path, 300)}`}
                  />
                </>
              )}
            </div>
          </Panel>
        </div>
      ) : (
        <Panel
          id="waste"
          title="Waste"
          meta="Files that a later layer overwrites or deletes, and what each copy costs"
          actions={<AnalysisJsonLink imageId={id} />}
          stale={engineDown}
          exportable
        >
          <QueryState
            query={analysis}
            engineDown={engineDown}
            loading="Analysing the layers…"
            errorTitle="Could not analyse this image"
          >
            {(data) => (
              <>
                <WasteSummary analysis={data} />
                <WastedFilesTable analysis={data} />
              </>
            )}
          </QueryState>
        </Panel>
      )}
    </div>
  );
}
