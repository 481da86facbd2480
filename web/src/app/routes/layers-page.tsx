import { useMemo } from 'react';
import { InertText } from '../../components/inert-text';
import { Panel } from '../../components/panel';
import { EmptyState, QueryState } from '../../components/query-state';
import { Segmented } from '../../components/segmented';
import { useEngineDown } from '../../features/health/api/get-health';
import { useImages } from '../../features/images/api/get-images';
import { useLayers } from '../../features/layers/api/get-layers';
import { LayerTreeView } from '../../features/layers/components/layer-tree-view';
import { ReuseView } from '../../features/layers/components/reuse-view';
import { buildLayerTree, pathTo, rebase } from '../../features/layers/utils/layer-tree';
import { shortId } from '../../features/images/utils/short-id';
import { useSearchState } from '../../lib/use-search-state';

const views = [
  { value: 'tree', label: 'Layer tree' },
  { value: 'reuse', label: 'Shared-layer reuse' },
] as const;

/** `/layers`: every image as a tree of shared chains, and what sharing saves. */
export function LayersPage() {
  const engineDown = useEngineDown();
  const query = useLayers({ enabled: !engineDown });
  const list = useImages({ enabled: !engineDown });
  const [state, update] = useSearchState({ view: 'tree', focus: '' });
  const view = state.view === 'reuse' ? 'reuse' : 'tree';
  const images = useMemo(
    () => new Map((list.data?.images ?? []).map((image) => [image.id, image])),
    [list.data],
  );
  const roots = useMemo(() => (query.data ? buildLayerTree(query.data.layers) : []), [query.data]);
  const focusId = state.focus ? `sha256:${state.focus}` : null;
  const path = focusId ? pathTo(roots, focusId) : [];
  const focused = path.at(-1) ?? null;
  const shown = focused ? [rebase(focused)] : roots;

  return (
    <div className="page">
      <h1 className="page-title">Layers</h1>
      <Segmented
        legend="View"
        value={view}
        options={views}
        onChange={(value) => update({ view: value }, { push: true })}
      />
      {view === 'tree' ? (
        <Panel
          id="layer-tree"
          title="Layer tree"
          meta="Base layers at the roots, images at the leaves; each node is a run of layers the images above it share"
          stale={engineDown}
          exportable
        >
          <QueryState
            query={query}
            engineDown={engineDown}
            loading="Loading layers…"
            errorTitle="Could not list the layers"
            empty={(data) =>
              data.layers.length === 0 ? (
                <EmptyState title="No layers">
                  Pull or build an image to see its layers: <code>docker pull debian:12</code>.
                </EmptyState>
              ) : null
            }
          >
            {() => (
              <>
                {focused ? (
                  <nav className="breadcrumbs tree-path" aria-label="Focused node">
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => update({ focus: '' })}
                    >
                      All roots
                    </button>
                    {path.map((node) => (
                      <span key={node.id}>
                        {' / '}
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => update({ focus: node.id.slice(7) }, { push: true })}
                        >
                          {shortId(node.id)}
                        </button>
                      </span>
                    ))}
                  </nav>
                ) : null}
                {focusId && !focused ? (
                  <p className="warning-note">
                    No layer <InertText value={state.focus.slice(0, 12)} /> here any more; showing
                    every root.
                  </p>
                ) : null}
                <LayerTreeView
                  roots={shown}
                  images={images}
                  focusId={focused?.id ?? null}
                  onFocus={(node) => update({ focus: node.id.slice(7) }, { push: true })}
                />
              </>
            )}
          </QueryState>
        </Panel>
      ) : (
        <Panel
          id="reuse"
          title="Shared-layer reuse"
          meta="The layers shared by the most images, and the bytes sharing saves against storing each image alone (engine layer sizes)"
          stale={engineDown}
          exportable
        >
          <QueryState
            query={query}
            engineDown={engineDown}
            loading="Loading layers…"
            errorTitle="Could not list the layers"
          >
            {(data) => <ReuseView layers={data} images={images} />}
          </QueryState>
        </Panel>
      )}
    </div>
  );
}
