import { fireEvent, render, screen, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { hexId, image } from '../../../test/fixtures';
import type { ImageSort } from '../utils/sort-images';
import { ImagesTable } from './images-table';

const rows = [
  image({ id: hexId('a'), repoTags: ['app:1'], size: 3_000_000 }),
  image({ id: hexId('b'), repoTags: [], size: 2_000_000 }),
  image({ id: hexId('c'), repoTags: ['db:2', 'db:latest'], size: 1_000_000 }),
];
const sort: ImageSort = { column: 'size', direction: 'descending' };

function renderTable(
  selected: ReadonlySet<string>,
  handlers: Partial<ComponentProps<typeof ImagesTable>>,
) {
  return render(
    <MemoryRouter>
      <ImagesTable
        rows={rows}
        sort={sort}
        onSort={vi.fn()}
        selected={selected}
        onSelect={vi.fn()}
        disk={null}
        now={Date.parse('2024-06-01T00:00:00Z')}
        {...handlers}
      />
    </MemoryRouter>,
  );
}

describe('<ImagesTable>', () => {
  it('lists every image once, in the order given, with the header rows counted', () => {
    renderTable(new Set(), {});
    const table = screen.getByRole('table', { name: 'Images' });
    expect(table.getAttribute('aria-rowcount')).toBe('5');
    const ids = [...table.querySelectorAll('tbody tr[data-image-id]')].map((row) =>
      row.getAttribute('data-image-id'),
    );
    expect(ids).toEqual(rows.map((row) => row.id));
    expect(within(table).getByText('<none>')).toBeTruthy();
  });

  it('selects every listed image from the header, and clears them when all are selected', () => {
    const onSelect = vi.fn();
    const { unmount } = renderTable(new Set([hexId('a')]), { onSelect });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select every image listed' }));
    expect(onSelect).toHaveBeenLastCalledWith(new Set(rows.map((row) => row.id)));
    unmount();

    renderTable(new Set(rows.map((row) => row.id)), { onSelect });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Clear the selection' }));
    expect(onSelect).toHaveBeenLastCalledWith(new Set());
  });

  it('sorts by the header that was clicked and marks the current order', () => {
    const onSort = vi.fn();
    renderTable(new Set(), { onSort });
    expect(screen.getByRole('columnheader', { name: /Size/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    fireEvent.click(screen.getByRole('button', { name: /Created/ }));
    expect(onSort).toHaveBeenCalledWith('created');
  });

  it('toggles one row with its checkbox', () => {
    const onSelect = vi.fn();
    renderTable(new Set(), { onSelect });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select db:2' }));
    expect(onSelect).toHaveBeenLastCalledWith(new Set([hexId('c')]));
  });
});
