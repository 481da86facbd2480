import { useMemo } from 'react';
import { Panel } from '../../components/panel';
import { EmptyState, QueryState } from '../../components/query-state';
import { useEngineDown } from '../../features/health/api/get-health';
import { useImages } from '../../features/images/api/get-images';
import { ImageToolbar } from '../../features/images/components/image-toolbar';
import { ImagesTable } from '../../features/images/components/images-table';
import { KeptListNote } from '../../components/kept-list-note';
import { RepositoryTable } from '../../features/images/components/repository-table';
import { SelectionBar } from '../../features/images/components/selection-bar';
import { RemoveSelected } from '../../features/image-actions/components/remove-selected';
import { useIdleImages } from '../../features/last-use/api/get-idle-images';
import { IdleFilter } from '../../features/last-use/components/idle-filter';
import { onlyIdle, parseIdleDays } from '../../features/last-use/utils/idle-days';
import {
  filterImages,
  imageRepositories,
  isImageFilter,
} from '../../features/images/utils/filter-images';
import { imageDiskBytes } from '../../features/images/utils/image-disk';
import { selectionFromParam, selectionToParam } from '../../features/images/utils/selection';
import {
  type ImageSortColumn,
  nextSort,
  parseImageSort,
  sortImages,
} from '../../features/images/utils/sort-images';
import { useLayers } from '../../features/layers/api/get-layers';
import { PullButton } from '../../features/pull/components/pull-button';
import { useUpdates } from '../../features/updates/api/get-updates';
import { UpdatesBar } from '../../features/updates/components/updates-bar';
import { onlyWithUpdates, updateAvailableIds } from '../../features/updates/utils/update-labels';
import { useNow } from '../../lib/use-now';
import { useSearchState } from '../../lib/use-search-state';

const defaults = {
  q: '',
  filter: 'all',
  repo: '',
  sort: 'size',
  dir: 'desc',
  sel: '',
  view: 'images',
  unused: '',
  updates: '',
};

/** `/images`: every image, searchable, filterable, sortable, selectable; or by repository. */
export function ImagesPage() {
  const engineDown = useEngineDown();
  const query = useImages({ enabled: !engineDown });
  const layers = useLayers({ enabled: !engineDown });
  const now = useNow();
  const [state, update] = useSearchState(defaults);
  const images = query.data?.images;
  const filter = isImageFilter(state.filter) ? state.filter : 'all';
  const sort = parseImageSort(state.sort, state.dir);
  const view = state.view === 'repositories' ? 'repositories' : 'images';
  const idleDays = parseIdleDays(state.unused);
  const idle = useIdleImages(idleDays, { enabled: !engineDown });
  const idleIds = useMemo(
    () => (idleDays === null ? null : new Set((idle.data?.images ?? []).map((image) => image.id))),
    [idleDays, idle.data],
  );

  const updates = useUpdates({ enabled: !engineDown });
  const updateIds = useMemo(
    () => (state.updates === '1' ? updateAvailableIds(updates.data) : null),
    [state.updates, updates.data],
  );

  const updatesById = useMemo(
    () => new Map((updates.data?.results ?? []).map((result) => [result.id, result])),
    [updates.data],
  );
  const repositories = useMemo(
    () => [...new Set((images ?? []).flatMap(imageRepositories))].sort(),
    [images],
  );
  const rows = useMemo(
    () =>
      sortImages(
        onlyWithUpdates(
          onlyIdle(filterImages(images ?? [], { q: state.q, filter, repo: state.repo }), idleIds),
          updateIds,
        ),
        sort,
      ),
    // sort is rebuilt each render from two strings
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [images, state.q, filter, state.repo, state.sort, state.dir, idleIds, updateIds],
  );
  const selected = useMemo(
    () =>
      selectionFromParam(
        state.sel,
        (images ?? []).map((image) => image.id),
      ),
    [state.sel, images],
  );
  const disk = useMemo(
    () =>
      layers.data && images
        ? {
            byImage: imageDiskBytes(images, layers.data),
            reason: layers.data.notMeasuredReason,
          }
        : null,
    [layers.data, images],
  );

  const onSort = (column: ImageSortColumn) => {
    const next = nextSort(sort, column);
    update({ sort: next.column, dir: next.direction === 'ascending' ? 'asc' : 'desc' });
  };

  const total = images?.length ?? 0;
  const meta =
    images === undefined
      ? undefined
      : rows.length === total
        ? `${total} ${total === 1 ? 'image' : 'images'}`
        : `${rows.length} of ${total} images match`;

  return (
    <div className="page">
      <Panel id="images" title="Images" meta={meta} stale={engineDown} exportable pageHeading>
        <QueryState
          query={query}
          engineDown={engineDown}
          loading="Loading images…"
          errorTitle="Could not list the images"
          empty={(data) =>
            data.images.length === 0 ? (
              <EmptyState title="No images yet">
                Images appear here as soon as the engine has some: try{' '}
                <code>docker pull debian:12</code> or <code>docker build .</code>
              </EmptyState>
            ) : null
          }
        >
          {(data) => (
            <>
              <KeptListNote kept={data.kept} engineDown={engineDown} />
              <ImageToolbar
                q={state.q}
                filter={filter}
                repo={state.repo}
                view={view}
                repositories={repositories}
                onChange={(changes) => update(changes)}
                onView={(next) => update({ view: next }, { push: true })}
              >
                <UpdatesBar
                  filterOn={state.updates === '1'}
                  onFilter={(on) => update({ updates: on ? '1' : '' })}
                  enabled={!engineDown}
                />
                <PullButton />
              </ImageToolbar>
              <IdleFilter
                value={state.unused}
                knownSince={data.lastUseKnownSince}
                onChange={(unused) => update({ unused })}
              />
              <SelectionBar
                selected={selected}
                images={data.images}
                layers={layers.data}
                onClear={() => update({ sel: '' })}
              />
              <RemoveSelected
                selected={selected}
                images={data.images}
                onRemoved={(ids) =>
                  update({ sel: selectionToParam([...selected].filter((id) => !ids.includes(id))) })
                }
              />
              {view === 'repositories' ? (
                <RepositoryTable images={rows} layers={layers.data} />
              ) : rows.length === 0 ? (
                <EmptyState title="No image matches">
                  Nothing matches this search and these filters. Clear the search box or pick “All”.
                </EmptyState>
              ) : (
                <ImagesTable
                  rows={rows}
                  sort={sort}
                  onSort={onSort}
                  selected={selected}
                  onSelect={(next) => update({ sel: selectionToParam(next) })}
                  disk={disk}
                  now={now}
                  updates={updatesById}
                />
              )}
            </>
          )}
        </QueryState>
      </Panel>
    </div>
  );
}
