import type { ImageSummary } from '@footprint/shared';
import { Reference } from '../../../components/share/redaction';
import { inertAttribute } from '../../../lib/inert-text';
import { sortedTags } from '../utils/sort-images';

/** Every tag of an image as plain text; `<none>` when no tag points at it. */
export function ImageTags({ image }: { image: ImageSummary }) {
  const tags = sortedTags(image);
  if (tags.length === 0) {
    const hint =
      image.repoDigests.length > 0
        ? `Untagged; known by digest: ${image.repoDigests.map((digest) => inertAttribute(digest)).join(', ')}`
        : 'Dangling: no tag points at this image';
    return (
      <span className="tag tag-none" title={hint}>
        {'<none>'}
      </span>
    );
  }
  return (
    <ul className="tags">
      {tags.map((tag) => (
        <li key={tag} className="tag">
          <Reference value={tag} />
        </li>
      ))}
    </ul>
  );
}
