import { useMemo } from 'react';
import { useParams } from 'react-router';
import { Link } from '../../components/engine-link';
import { InertText } from '../../components/inert-text';
import { LabelsList } from '../../components/labels-list';
import { Panel } from '../../components/panel';
import { QueryState } from '../../components/query-state';
import { useEngineDown } from '../../features/health/api/get-health';
import { ImageActions } from '../../features/image-actions/components/image-actions';
import { useImage } from '../../features/images/api/get-image';
import { useImages } from '../../features/images/api/get-images';
import { HistoryTable } from '../../features/images/components/history-table';
import { ImageFacts } from '../../features/images/components/image-facts';
import { LayersTable } from '../../features/images/components/layers-table';
import { pairHistory } from '../../features/images/utils/pair-history';
import { shortId } from '../../features/images/utils/short-id';
import { UpdateSection } from '../../features/updates/components/update-section';

/** `/images/:id`: one image, its layers bottom to top and its full history. */
export function ImageDetailPage() {
  const { id = '' } = useParams();
  const engineDown = useEngineDown();
  const query = useImage(id, { enabled: !engineDown });
  const list = useImages({ enabled: !engineDown });
  const byId = useMemo(
    () => new Map((list.data?.images ?? []).map((image) => [image.id, image])),
    [list.data],
  );
  const name = query.data?.repoTags[0] ?? shortId(id);
  const paired = query.data ? pairHistory(query.data.layers, query.data.history) : null;

  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/images">Images</Link> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">
          <InertText value={name} max={80} />
        </span>
      </nav>
      <h1 className="page-title mono">
        <InertText value={name} max={80} />
      </h1>
      <Panel id="image" title="Image" stale={engineDown} exportable>
        <QueryState
          query={query}
          engineDown={engineDown}
          loading="Loading the image…"
          errorTitle="Could not read this image"
        >
          {(image) => <ImageFacts image={image} />}
        </QueryState>
      </Panel>
      {query.data ? <ImageActions image={query.data} /> : null}
      {query.data ? <UpdateSection image={query.data} stale={engineDown} /> : null}
      <Panel
        id="labels"
        title="Labels"
        meta="From the image config, shown as plain text with invisible characters escaped"
        stale={engineDown}
      >
        <QueryState
          query={query}
          engineDown={engineDown}
          loading="Loading labels…"
          errorTitle="Could not read the labels"
        >
          {(image) => <LabelsList labels={image.labels ?? {}} />}
        </QueryState>
      </Panel>
      <Panel
        id="layers"
        title="Layers, bottom to top"
        actions={
          <Link className="button button-quiet" to={`/images/${id}/explorer`}>
            Explore files and waste
          </Link>
        }
        meta={
          paired && !paired.paired
            ? 'History and layers do not pair up for this image: steps are listed below only'
            : 'Each with the step that made it; sizes as the engine records them and as measured on disk'
        }
        stale={engineDown}
        exportable
      >
        <QueryState
          query={query}
          engineDown={engineDown}
          loading="Loading layers…"
          errorTitle="Could not read the layers"
        >
          {(image) => (
            <LayersTable
              imageId={image.id}
              layers={paired?.layers ?? []}
              images={byId}
              metadataMessage={image.layerMetadata.message}
            />
          )}
        </QueryState>
      </Panel>
      <Panel
        id="history"
        title="History"
        meta="Every build step, oldest first, including those that made no layer"
        stale={engineDown}
        exportable
      >
        <QueryState
          query={query}
          engineDown={engineDown}
          loading="Loading history…"
          errorTitle="Could not read the history"
        >
          {() => <HistoryTable rows={paired?.history ?? []} />}
        </QueryState>
      </Panel>
    </div>
  );
}
