import type { DuplicateDiff, DuplicateImage } from '@footprint/shared';
import { Link } from '../../../components/engine-link';
import { Reference } from '../../../components/share/redaction';
import { inertAttribute } from '../../../lib/inert-text';

/** The images a page names, by ID: each page sends each image's tags once. */
export type ImageNames = ReadonlyMap<string, DuplicateImage>;

export function imageNames(images: readonly DuplicateImage[]): ImageNames {
  return new Map(images.map((image) => [image.id, image]));
}

/** An image's name for a row: its first tag, or its short ID when it has none. */
export function nameOf(id: string, names: ImageNames): string | null {
  return names.get(id)?.repoTags[0] ?? null;
}

interface ImageChipsProps {
  ids: readonly string[];
  /** Every image holding the copy; more than `ids` when the row names only the first few. */
  count: number;
  names: ImageNames;
  /** Where a chip leads: the image's page or its explorer. */
  to: (hex: string) => string;
}

/** The images holding a copy, by name (inert), each a link; "+ N more" past the first few. */
export function ImageChips({ ids, count, names, to }: ImageChipsProps) {
  return (
    <ul className="tags">
      {ids.map((id) => {
        const name = nameOf(id, names);
        const tags = names.get(id)?.repoTags ?? [];
        return (
          <li key={id}>
            <Link
              className={name === null ? 'tag tag-none' : 'tag'}
              to={to(id.slice(7))}
              // Every tag and the ID on hover: tags are text from the engine, escaped.
              title={inertAttribute([...tags, id].join('\n'), 2000)}
              data-image-id={id}
            >
              {name === null ? `untagged ${id.slice(7, 19)}` : <Reference value={name} max={80} />}
            </Link>
          </li>
        );
      })}
      {count > ids.length ? (
        <li className="muted more-images">+ {(count - ids.length).toLocaleString('en-US')} more</li>
      ) : null}
    </ul>
  );
}

/** A duplicated diff's copies, one line each: the chain on hover, the images holding it. */
export function DiffCopies({ diff, names }: { diff: DuplicateDiff; names: ImageNames }) {
  return (
    <ul className="duplicate-copies">
      {diff.copies.map((copy) => (
        <li key={copy.chainId} title={`chain ${copy.chainId}`}>
          <ImageChips
            ids={copy.images}
            count={copy.imageCount}
            names={names}
            to={(hex) => `/images/${hex}`}
          />
        </li>
      ))}
    </ul>
  );
}
