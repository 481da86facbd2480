import { InertText } from '../../../components/inert-text';
import { shortId } from '../../images/utils/short-id';

/** An image by its tags (inert text), or its short ID when it has none. */
export function ImageName({ id, repoTags }: { id: string; repoTags: readonly string[] }) {
  if (repoTags.length === 0) {
    return (
      <span className="mono">
        {'<none>'} {shortId(id)}
      </span>
    );
  }
  return <InertText className="mono" value={repoTags.join(', ')} max={80} />;
}
