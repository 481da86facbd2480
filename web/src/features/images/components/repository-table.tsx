import type { ImageSummary, LayerList } from '@footprint/shared';
import { useMemo, useState } from 'react';
import { Link } from '../../../components/engine-link';
import { MaybeBytes } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { Reference } from '../../../components/share/redaction';
import { SortHeader, type SortState } from '../../../components/sort-header';
import { inertAttribute } from '../../../lib/inert-text';
import {
  noRepository,
  type RollupSortColumn,
  rollUpRepositories,
  sortRollups,
} from '../utils/repository-rollup';
import { TableScroll } from '../../../components/table-scroll';

interface RepositoryTableProps {
  images: readonly ImageSummary[];
  layers: LayerList | undefined;
}

const numeric: readonly RollupSortColumn[] = ['size', 'uniqueSize', 'sharedSize'];

/** All tags of each repository together, with what they take and share (engine layer sizes). */
export function RepositoryTable({ images, layers }: RepositoryTableProps) {
  const [sort, setSort] = useState<SortState<RollupSortColumn>>({
    column: 'size',
    direction: 'descending',
  });
  const rows = useMemo(
    () => sortRollups(rollUpRepositories(images, layers?.layers), sort.column, sort.direction),
    [images, layers, sort],
  );
  const onSort = (column: RollupSortColumn) =>
    setSort((current) =>
      current.column === column
        ? { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column, direction: numeric.includes(column) ? 'descending' : 'ascending' },
    );
  const reason = layers ? 'Some layers have no recorded size.' : 'Loading layer sizes…';
  return (
    <TableScroll label="Repositories">
      <table className="rollup-table">
        <caption className="visually-hidden">Repositories</caption>
        <thead>
          <tr>
            <SortHeader column="repository" label="Repository" sort={sort} onSort={onSort} />
            <SortHeader column="tags" label="Tags" sort={sort} onSort={onSort} />
            <SortHeader
              column="size"
              label="Size · engine"
              description="Every layer of the repository’s images, each once"
              numeric
              sort={sort}
              onSort={onSort}
            />
            <SortHeader
              column="sharedSize"
              label="Shared · engine"
              description="Layers that images of other repositories use too"
              numeric
              sort={sort}
              onSort={onSort}
            />
            <SortHeader
              column="uniqueSize"
              label="Unique · engine"
              description="Layers only this repository’s images hold: freed if all its tags go"
              numeric
              sort={sort}
              onSort={onSort}
            />
            <th scope="col" className="num">
              Images
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.repository} data-repository={inertAttribute(row.repository)}>
              <th scope="row">
                {row.repository === noRepository ? (
                  <Link to="/images?filter=dangling">{'<none>'} (dangling)</Link>
                ) : (
                  <Link to={`/images?repo=${encodeURIComponent(row.repository)}`}>
                    <Reference value={row.repository} />
                  </Link>
                )}
              </th>
              <td>
                <ul className="tags">
                  {row.tags.map((tag) => (
                    <li key={tag} className="tag">
                      <InertText value={tag.slice(tag.lastIndexOf(':') + 1)} max={130} />
                    </li>
                  ))}
                </ul>
              </td>
              {(['size', 'sharedSize', 'uniqueSize'] as const).map((column) => (
                <td
                  key={column}
                  className="num"
                  data-column={column}
                  data-bytes={row[column] ?? undefined}
                >
                  <MaybeBytes
                    value={row[column]}
                    precision={3}
                    source="engine"
                    reason={reason}
                    missingLabel="unknown"
                  />
                </td>
              ))}
              <td className="num">{row.imageIds.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
