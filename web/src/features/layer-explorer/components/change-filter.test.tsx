import type { TreeChange } from '@footprint/shared';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { availableChanges } from '../utils/change-filter';
import { ChangeFilter } from './change-filter';

function renderFilter(selected: TreeChange[], view: 'layer' | 'merged' = 'merged') {
  const onChange = vi.fn<(next: TreeChange[]) => void>();
  render(
    <ChangeFilter available={availableChanges(view)} selected={selected} onChange={onChange} />,
  );
  return onChange;
}

describe('ChangeFilter', () => {
  it('shows a checkbox per change type of the view, ticked as chosen', () => {
    renderFilter(['added', 'unchanged']);
    const group = screen.getByRole('group', { name: 'Show changes' });
    expect(group).toBeTruthy();
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes.map((box) => box.closest('label')?.textContent)).toEqual([
      'Aadded',
      'Mmodified',
      'Ddeleted',
      '·unchanged',
    ]);
    expect(boxes.map((box) => (box as HTMLInputElement).checked)).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it('has no "unchanged" in a layer view', () => {
    renderFilter(['added', 'modified', 'deleted'], 'layer');
    expect(screen.queryByRole('checkbox', { name: /unchanged/ })).toBeNull();
    expect(screen.getAllByRole('checkbox')).toHaveLength(3);
  });

  it('adds and removes a type, keeping the fixed order', () => {
    const onAdd = renderFilter(['deleted']);
    fireEvent.click(screen.getByRole('checkbox', { name: /added/ }));
    expect(onAdd).toHaveBeenLastCalledWith(['added', 'deleted']);
    cleanup();
    const onRemove = renderFilter(['added', 'deleted']);
    fireEvent.click(screen.getByRole('checkbox', { name: /added/ }));
    expect(onRemove).toHaveBeenLastCalledWith(['deleted']);
  });

  it('keeps the last ticked type: it cannot be unticked', () => {
    renderFilter(['modified']);
    const modified = screen.getByRole('checkbox', { name: /modified/ }) as HTMLInputElement;
    expect(modified.disabled).toBe(true);
    const added = screen.getByRole('checkbox', { name: /added/ }) as HTMLInputElement;
    expect(added.disabled).toBe(false);
  });
});
