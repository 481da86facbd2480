import type { ReactNode } from 'react';
import { ErrorMessage } from '../../../components/error-message';
import { StaleNote } from '../../../components/stale-note';
import { useNow } from '../../../lib/use-now';
import { useImages } from '../api/get-images';
import { ImagesTable } from './images-table';

interface ImagesSectionProps {
  /** The engine is unreachable: keep the last list, marked as not current, and do not ask. */
  engineDown: boolean;
}

export function ImagesSection({ engineDown }: ImagesSectionProps) {
  const query = useImages({ enabled: !engineDown });
  const now = useNow();
  const images = query.data?.images;

  let body: ReactNode;
  if (engineDown) {
    body = images ? <ImagesTable images={images} now={now} /> : null;
  } else if (query.error && !query.isFetching) {
    body = <ErrorMessage title="Could not list the images" error={query.error} />;
  } else if (images === undefined) {
    body = (
      <p className="loading" role="status">
        Loading images…
      </p>
    );
  } else if (images.length === 0) {
    body = (
      <div className="empty-state">
        <p className="empty-state-title">No images yet</p>
        <p>
          Images appear here as soon as the engine has some: try <code>docker pull debian:12</code>{' '}
          or <code>docker build .</code>
        </p>
      </div>
    );
  } else {
    body = <ImagesTable images={images} now={now} />;
  }

  return (
    <section
      className="panel"
      aria-labelledby="images-heading"
      data-stale={engineDown || undefined}
    >
      <header className="panel-header">
        <h2 id="images-heading">Images</h2>
        {images && images.length > 0 ? (
          <p className="panel-meta">
            {images.length} {images.length === 1 ? 'image' : 'images'}
          </p>
        ) : null}
      </header>
      {engineDown ? <StaleNote updatedAt={query.dataUpdatedAt} /> : null}
      {body !== null ? <div className="panel-body">{body}</div> : null}
    </section>
  );
}
