import '../layer-explorer.css';
import type { TreeChange } from '@footprint/shared';
import { changeLabels } from '../utils/entry-labels';

interface ChangeFilterProps {
  /** The types this view has (the layer view has no "unchanged"). */
  available: readonly TreeChange[];
  selected: readonly TreeChange[];
  onChange: (selected: TreeChange[]) => void;
}

const letters: Record<TreeChange, string> = {
  added: 'A',
  modified: 'M',
  deleted: 'D',
  unchanged: '·',
};

/**
 * dive's change filter: which change types the tree lists (directories that hold a match stay,
 * to reach it). One type is always left: the last one checked cannot be unchecked.
 */
export function ChangeFilter({ available, selected, onChange }: ChangeFilterProps) {
  const toggle = (change: TreeChange, on: boolean) =>
    onChange(available.filter((c) => (c === change ? on : selected.includes(c))));
  return (
    <fieldset className="change-filter">
      <legend className="field-label">Show changes</legend>
      <div className="change-filter-options">
        {available.map((change) => {
          const checked = selected.includes(change);
          return (
            <label key={change} data-change={change} data-checked={checked || undefined}>
              <input
                type="checkbox"
                checked={checked}
                disabled={checked && selected.length === 1}
                onChange={(event) => toggle(change, event.target.checked)}
              />
              <span className="change-letter" aria-hidden="true">
                {letters[change]}
              </span>
              {changeLabels[change]}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
