import { useEffect, useState } from 'react';

interface TreeSearchBoxProps {
  value: string;
  onChange: (value: string) => void;
}

/** Search by path; the URL (and the request) follow the text a moment after typing stops. */
export function TreeSearchBox({ value, onChange }: TreeSearchBoxProps) {
  const [draft, setDraft] = useState(value);
  const [synced, setSynced] = useState(value);
  // A new value from the URL (back button, "Show in tree") replaces the draft.
  if (value !== synced) {
    setSynced(value);
    setDraft(value);
  }
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => onChange(draft.trim() === '' ? '' : draft), 300);
    return () => clearTimeout(timer);
  }, [draft, value, onChange]);
  return (
    <div className="field">
      <label htmlFor="tree-search">Search by path</label>
      <input
        id="tree-search"
        className="input"
        type="search"
        placeholder="e.g. lib/ or .conf"
        value={draft}
        maxLength={1024}
        onChange={(event) => setDraft(event.target.value)}
      />
    </div>
  );
}
