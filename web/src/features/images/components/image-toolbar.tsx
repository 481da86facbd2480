import { type ReactNode, useId } from 'react';
import { SearchField } from '../../../components/search-field';
import { inertAttribute } from '../../../lib/inert-text';
import { type ImageFilter, imageFilters } from '../utils/filter-images';

interface ImageToolbarProps {
  q: string;
  filter: ImageFilter;
  repo: string;
  view: 'images' | 'repositories';
  repositories: readonly string[];
  onChange: (changes: { q?: string; filter?: ImageFilter; repo?: string }) => void;
  onView: (view: 'images' | 'repositories') => void;
  /** More controls at the toolbar's end (the update checks' button and filter). */
  children?: ReactNode;
}

/** Search, filters and the view switch of the Images page; each writes the URL. */
export function ImageToolbar({
  q,
  filter,
  repo,
  view,
  repositories,
  onChange,
  onView,
  children,
}: ImageToolbarProps) {
  const repoId = useId();
  return (
    <div className="toolbar" role="search">
      <SearchField
        value={q}
        placeholder="Name, tag, ID or digest"
        onChange={(value) => onChange({ q: value })}
      />
      <fieldset className="segmented">
        <legend className="visually-hidden">Show</legend>
        {imageFilters.map((option) => (
          <label
            key={option.value}
            title={option.hint}
            data-checked={filter === option.value || undefined}
          >
            <input
              type="radio"
              name="image-filter"
              value={option.value}
              checked={filter === option.value}
              onChange={() => onChange({ filter: option.value })}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={repoId}>Repository</label>
        <select
          id={repoId}
          className="input"
          // Options carry the escaped name (an attribute, as every text from an image); the URL
          // keeps the repository as it is.
          value={inertAttribute(repo)}
          onChange={(event) => {
            const chosen = event.target.value;
            onChange({ repo: repositories.find((name) => inertAttribute(name) === chosen) ?? '' });
          }}
        >
          <option value="">All repositories</option>
          {repositories.map((name) => (
            <option key={name} value={inertAttribute(name)}>
              {inertAttribute(name, 120)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="segmented view-switch">
        <legend className="visually-hidden">View</legend>
        {(['images', 'repositories'] as const).map((option) => (
          <label key={option} data-checked={view === option || undefined}>
            <input
              type="radio"
              name="image-view"
              value={option}
              checked={view === option}
              onChange={() => onView(option)}
            />
            {option === 'images' ? 'Images' : 'By repository'}
          </label>
        ))}
      </fieldset>
      {children}
    </div>
  );
}
