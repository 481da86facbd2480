import type { DuplicateDiffsPage } from '@footprint/shared';
import { useMemo } from 'react';
import { Bytes, MaybeBytes, SourceTag } from '../../../components/bytes';
import { EmptyState } from '../../../components/query-state';
import { DiffCopies, imageNames } from './image-chips';

/**
 * A page of diffs stored under several chains (the same layer on different bases), each copy
 * with the images holding it and its figures: the engine's recorded size, and its directory on
 * disk (`du -B1`) and apparent (`du -b`), which also hold the layer's link, lower and work
 * entries. "Extra" is what keeping one copy, the largest, would save.
 */
export function DuplicateDiffsTable({ page }: { page: DuplicateDiffsPage }) {
  const names = useMemo(() => imageNames(page.images), [page.images]);
  if (page.diffs.length === 0) {
    return page.all.groups === 0 ? (
      <EmptyState title="No diff stored twice">
        Every layer diff is stored under a single chain: images that share content share bases too.
      </EmptyState>
    ) : (
      <EmptyState title="No diff matches">
        None of the {page.all.groups.toLocaleString('en-US')} duplicated diffs is held by an image
        that matches the search and the image filter.
      </EmptyState>
    );
  }
  const reason = page.notMeasuredReason;
  return (
    <div className="table-scroll">
      <table className="duplicate-diffs">
        <caption className="visually-hidden">Diffs stored under several chains</caption>
        <thead>
          <tr>
            <th scope="col">Copies, and the images holding each</th>
            <th scope="col" className="num">
              One copy <SourceTag source="engine" />
            </th>
            <th scope="col" className="num">
              Extra <SourceTag source="engine" />
            </th>
            <th scope="col" className="num">
              Extra <SourceTag source="disk" />
            </th>
            <th scope="col" className="num">
              Extra <span className="muted">(apparent)</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {page.diffs.map((diff) => (
            <tr
              key={diff.diffId}
              data-diff-id={diff.diffId}
              data-engine-bytes={diff.extraEngineBytes}
              data-disk-bytes={diff.extraDiskBytes ?? undefined}
            >
              <td>
                <DiffCopies diff={diff} names={names} />
                <span className="muted mono hash" title={diff.diffId}>
                  diff {diff.diffId.slice(7, 19)}
                </span>
              </td>
              <td className="num">
                <Bytes value={diff.engineBytes} source="engine" />
              </td>
              <td className="num">
                <Bytes value={diff.extraEngineBytes} source="engine" />
              </td>
              <td className="num">
                <MaybeBytes value={diff.extraDiskBytes} source="disk" reason={reason} />
              </td>
              <td className="num">
                <MaybeBytes value={diff.extraApparentBytes} reason={reason} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
