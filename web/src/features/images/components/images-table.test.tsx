import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { hexId, image } from '../../../test/fixtures';
import { ImagesTable } from './images-table';

const now = Date.parse('2024-05-10T12:00:00Z');
const debian = image({
  id: hexId('a'),
  repoTags: ['debian:12'],
  created: '2024-05-07T12:00:00Z',
  size: 117_000_000,
  sharedSize: 0,
  containers: 1,
});
const dangling = image({
  id: hexId('b'),
  created: '2024-05-10T11:48:00Z',
  size: 1_982_296,
  sharedSize: 0,
});
const app = image({
  id: hexId('c'),
  repoTags: ['app:1', 'app:latest'],
  created: '2024-05-09T12:00:00Z',
  size: 125_000_000,
  sharedSize: 117_000_000,
});

function rowIds() {
  const rows = within(screen.getByRole('table', { name: 'Images' })).getAllByRole('row');
  return rows.slice(1).map((row) => row.getAttribute('data-image-id'));
}

describe('<ImagesTable>', () => {
  it('lists images biggest first, marking the sorted column with aria-sort', () => {
    render(<ImagesTable images={[debian, dangling, app]} now={now} />);
    expect(rowIds()).toEqual([app.id, debian.id, dangling.id]);
    const size = screen.getByRole('columnheader', { name: /^Size/ });
    expect(size.getAttribute('aria-sort')).toBe('descending');
    expect(screen.getByRole('columnheader', { name: /^Tags/ }).hasAttribute('aria-sort')).toBe(
      false,
    );
  });

  it('sorts by a column when its header is clicked, and flips on a second click', () => {
    render(<ImagesTable images={[debian, dangling, app]} now={now} />);
    fireEvent.click(screen.getByRole('button', { name: /^Tags/ }));
    expect(rowIds()).toEqual([app.id, debian.id, dangling.id]);
    expect(screen.getByRole('columnheader', { name: /^Tags/ }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
    fireEvent.click(screen.getByRole('button', { name: /^Created/ }));
    expect(rowIds()).toEqual([dangling.id, app.id, debian.id]);
    fireEvent.click(screen.getByRole('button', { name: /^Created/ }));
    expect(rowIds()).toEqual([debian.id, app.id, dangling.id]);
  });

  it('shows each row’s facts: tags, short ID, relative date, exact bytes', () => {
    const { container } = render(<ImagesTable images={[app, dangling]} now={now} />);
    const row = container.querySelector(`tr[data-image-id="${app.id}"]`) as HTMLElement;
    expect(
      within(row)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['app:1', 'app:latest']);
    expect(within(row).getByText('cccccccccccc').getAttribute('title')).toBe(app.id);
    const created = within(row).getByText('24 hours ago');
    expect(created.getAttribute('dateTime')).toBe('2024-05-09T12:00:00Z');
    const cells = [...row.querySelectorAll('[data-bytes]')].map((cell) => [
      cell.getAttribute('data-column'),
      cell.getAttribute('data-bytes'),
    ]);
    expect(cells).toEqual([
      ['size', '125000000'],
      ['sharedSize', '117000000'],
      ['uniqueSize', '8000000'],
    ]);
    expect(within(row).getByText('125MB (125,000,000 bytes)')).toBeDefined();

    const untagged = container.querySelector(`tr[data-image-id="${dangling.id}"]`) as HTMLElement;
    expect(within(untagged).getByText('<none>').className).toContain('tag-none');
    expect(within(untagged).getByText('12 minutes ago')).toBeDefined();
  });

  it('renders tags as text, never as markup', () => {
    const hostile = image({ id: hexId('e'), repoTags: ['<img src=x onerror=alert(1)>:1'] });
    const { container } = render(<ImagesTable images={[hostile]} now={now} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('<img src=x onerror=alert(1)>:1')).toBeDefined();
  });
});
