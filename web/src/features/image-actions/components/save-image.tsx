import { type ImageDetail, imageSavePath } from '@footprint/shared';
import { useState } from 'react';
import { useEngineApi } from '../../../lib/engine-scope';
import { inertAttribute, inertValue } from '../../../lib/inert-text';
import { shortId } from '../../images/utils/short-id';
import '../../../components/action-fields.css';

/** The select's value for "by ID": options carry indexes, never a tag (attributes stay inert). */
const byId = '';

/**
 * `docker save` as a download: a plain link, so the browser streams the tar to a file and
 * nothing holds it in memory. Under a tag `docker load` restores the name too; by ID, the image
 * alone. Not a change, so it stays in read-only mode; the server still wants the session.
 */
export function SaveImage({ image }: { image: Pick<ImageDetail, 'id' | 'repoTags'> }) {
  const api = useEngineApi();
  const [choice, setChoice] = useState(image.repoTags.length > 0 ? '0' : byId);
  const chosen = choice === byId ? undefined : image.repoTags[Number(choice)];
  return (
    <div className="save-image" data-testid="save-image">
      {image.repoTags.length > 0 ? (
        <label className="visually-hidden" htmlFor={`save-${image.id}`}>
          Save under
        </label>
      ) : null}
      {image.repoTags.length > 0 ? (
        <select
          id={`save-${image.id}`}
          className="mono"
          value={chosen === undefined ? byId : choice}
          onChange={(event) => setChoice(event.target.value)}
        >
          {image.repoTags.map((option, index) => (
            <option key={option} value={String(index)}>
              {inertValue(option, 80).shown}
            </option>
          ))}
          <option value={byId}>by ID {shortId(image.id)}, no name</option>
        </select>
      ) : null}
      <a
        className="button"
        href={api.path(imageSavePath(image.id, chosen))}
        download
        title={inertAttribute(
          chosen === undefined
            ? 'A tar of the image by ID: docker load restores it without a name'
            : `A tar of the image as ${chosen}: docker load restores the name too`,
          200,
        )}
      >
        Save as tar
      </a>
    </div>
  );
}
