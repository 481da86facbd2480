import type { ImageDetail, ImageRemoval } from '@footprint/shared';
import { useState } from 'react';
import { Link } from '../../../components/engine-link';
import { Panel } from '../../../components/panel';
import { InertText } from '../../../components/inert-text';
import { inertAttribute } from '../../../lib/inert-text';
import { useSession } from '../../session/api/get-session';
import { SessionNote } from '../../session/components/action-gate';
import { AddTagDialog } from './add-tag-dialog';
import { RemoveImagesDialog } from './remove-images-dialog';
import { SaveImage } from './save-image';
import { UntagDialog } from './untag-dialog';

type Open = { kind: 'untag'; tag: string } | { kind: 'remove' } | { kind: 'tag' } | null;

/**
 * Untag per tag, add a tag, save as tar and remove the image, on the image's own page. In
 * read-only mode only the download (it changes nothing); a note instead of the buttons when
 * this browser has no session.
 */
export function ImageActions({ image }: { image: ImageDetail }) {
  const { access } = useSession();
  const [open, setOpen] = useState<Open>(null);
  const [gone, setGone] = useState(false);
  if (access === 'unknown') return null;
  if (access === 'read-only') {
    return (
      <Panel id="image-save" title="Save" meta="docker save, as a tar download">
        <div className="panel-body image-actions">
          <SaveImage image={image} />
        </div>
      </Panel>
    );
  }

  const finished = (result: ImageRemoval | null, removedIds: string[] = []) => {
    setOpen(null);
    if (result?.outcome === 'removed' || removedIds.includes(image.id)) setGone(true);
  };

  return (
    <Panel
      id="image-actions"
      title="Tag, save or remove"
      meta="Each change shows what goes and the bytes that come back before it runs"
    >
      <div className="panel-body">
        {access === 'unauthorized' ? (
          <SessionNote />
        ) : gone ? (
          <p role="status" data-testid="image-gone">
            This image was removed; what is shown here is how it was.{' '}
            <Link to="/images">Back to the images</Link>
          </p>
        ) : (
          <div className="image-actions">
            {image.repoTags.length > 0 ? (
              <ul className="tag-actions" aria-label="Tags">
                {image.repoTags.map((tag) => (
                  <li key={tag}>
                    <InertText value={tag} max={80} />
                    <button
                      type="button"
                      className="button button-quiet button-small"
                      aria-label={`Untag ${inertAttribute(tag, 80)}`}
                      onClick={() => setOpen({ kind: 'untag', tag })}
                    >
                      Untag
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
            <button type="button" className="button" onClick={() => setOpen({ kind: 'tag' })}>
              Add tag…
            </button>
            <SaveImage image={image} />
            <button
              type="button"
              className="button button-danger"
              onClick={() => setOpen({ kind: 'remove' })}
            >
              Remove image…
            </button>
          </div>
        )}
      </div>
      {open?.kind === 'untag' ? (
        <UntagDialog image={image} tag={open.tag} onClose={(result) => finished(result)} />
      ) : null}
      {open?.kind === 'tag' ? <AddTagDialog image={image} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'remove' ? (
        <RemoveImagesDialog images={[image]} onClose={(removed) => finished(null, removed)} />
      ) : null}
    </Panel>
  );
}
