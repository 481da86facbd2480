import type { ImageSummary } from '@footprint/shared';
import { useId, useMemo } from 'react';
import { Segmented } from '../../../components/segmented';
import { SearchField } from '../../../components/search-field';
import { inertAttribute } from '../../../lib/inert-text';

export const minSizes = [
  { value: '1024', label: '≥ 1 KB' },
  { value: '65536', label: '≥ 64 KB' },
  { value: '1048576', label: '≥ 1 MB' },
] as const;
export type MinSize = (typeof minSizes)[number]['value'];

interface DuplicatesToolbarProps {
  q: string;
  image: string;
  min: MinSize;
  /** Every image, for the filter; empty while the list loads. */
  images: readonly ImageSummary[];
  onChange: (changes: { q?: string; image?: string; min?: MinSize }) => void;
}

/** Search (path or image name), one image, and the smallest file compared; each in the URL. */
export function DuplicatesToolbar({ q, image, min, images, onChange }: DuplicatesToolbarProps) {
  const imageId = useId();
  // By name, untagged last: the order the rows name images in.
  const options = useMemo(
    () =>
      images
        .map((each) => ({ id: each.id, name: each.repoTags[0] ?? null }))
        .sort((a, b) =>
          a.name === b.name
            ? a.id.localeCompare(b.id)
            : a.name === null
              ? 1
              : b.name === null
                ? -1
                : a.name.localeCompare(b.name),
        ),
    [images],
  );
  const known = image === '' || options.some((option) => option.id === image);
  return (
    <div className="toolbar" role="search">
      <SearchField
        value={q}
        placeholder="Path or image name"
        onChange={(value) => onChange({ q: value })}
      />
      <div className="field">
        <label htmlFor={imageId}>Image</label>
        <select
          id={imageId}
          className="input"
          value={image}
          onChange={(event) => onChange({ image: event.target.value })}
        >
          <option value="">All images</option>
          {known ? null : <option value={image}>{image.slice(7, 19)} (not listed)</option>}
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name === null
                ? `untagged ${option.id.slice(7, 19)}`
                : inertAttribute(option.name, 120)}
            </option>
          ))}
        </select>
      </div>
      <Segmented
        legend="Smallest file compared"
        value={min}
        options={minSizes}
        onChange={(value) => onChange({ min: value })}
      />
    </div>
  );
}
