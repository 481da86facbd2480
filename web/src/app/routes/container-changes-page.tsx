import { useParams } from 'react-router';
import { Link } from '../../components/engine-link';
import { Bytes } from '../../components/bytes';
import { Panel } from '../../components/panel';
import { QueryState } from '../../components/query-state';
import { useEngineDown } from '../../features/health/api/get-health';
import { InertText } from '../../components/inert-text';
import { imageLink } from '../../features/images/utils/image-link';
import { shortId } from '../../features/images/utils/short-id';
import { useContainerChanges } from '../../features/layer-explorer/api/get-container-changes';
import { InertName } from '../../features/layer-explorer/components/inert-name';
import { ContainerChangesTable } from '../../features/layer-explorer/components/container-changes-table';
import { inertAttribute } from '../../lib/inert-text';

/** `/containers/:id/changes`: what a container wrote to its writable layer, biggest first. */
export function ContainerChangesPage() {
  const { id = '' } = useParams();
  const engineDown = useEngineDown();
  const query = useContainerChanges(id, { enabled: !engineDown });
  const name = query.data?.name.replace(/^\//, '') ?? id.slice(0, 12);
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/containers">Containers</Link> <span aria-hidden="true">/</span>{' '}
        <span aria-current="page">
          <InertName text={name} />
        </span>
      </nav>
      <h1 className="page-title changes-title">
        What <InertName className="mono" text={name} /> wrote
      </h1>
      <Panel
        id="container-changes"
        title="Writable layer"
        meta="As docker diff lists it: A added, C changed, D deleted; sizes in bytes (du -b), biggest first"
        stale={engineDown}
        exportable
      >
        <QueryState
          query={query}
          engineDown={engineDown}
          loading="Reading the writable layer…"
          errorTitle="Could not read what this container wrote"
        >
          {(data) => (
            <>
              <p className="toolbar-summary changes-summary" data-written-bytes={data.writtenBytes}>
                {data.changes.length.toLocaleString('en-US')}{' '}
                {data.changes.length === 1 ? 'change' : 'changes'} ·{' '}
                <Bytes value={data.writtenBytes} /> written · image{' '}
                <Link
                  to={imageLink(data.imageId)}
                  title={inertAttribute(data.imageId)}
                  data-image-id={data.imageId}
                >
                  {/* Named by its tag, as the images page does; an untagged one by its ID. */}
                  <InertText
                    className="mono"
                    value={data.imageTags[0] ?? shortId(data.imageId)}
                    max={80}
                  />
                </Link>
                {data.imageTags.length > 1 ? (
                  <span className="muted"> (and {data.imageTags.length - 1} more tags)</span>
                ) : null}
              </p>
              <ContainerChangesTable data={data} />
            </>
          )}
        </QueryState>
      </Panel>
    </div>
  );
}
