import { useId } from 'react';

interface SearchFieldProps {
  value: string;
  /** What the search matches, e.g. "Name, tag, ID or digest". */
  placeholder: string;
  onChange: (value: string) => void;
}

/** A toolbar's labelled search box ("Search"), its value in the page's URL state. */
export function SearchField({ value, placeholder, onChange }: SearchFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Search</label>
      <input
        id={id}
        type="search"
        className="input"
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
