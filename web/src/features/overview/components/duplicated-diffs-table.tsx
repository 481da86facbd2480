import '../../duplicates/duplicates.css';
import { useMemo } from 'react';
import { Link } from '../../../components/engine-link';
import { Bytes, MaybeBytes, SourceTag } from '../../../components/bytes';
import { QueryState } from '../../../components/query-state';
import { useDuplicateDiffs } from '../../duplicates/api/get-duplicate-diffs';
import { DiffCopies, imageNames } from '../../duplicates/components/image-chips';

/** The overview shows the largest few; the Duplicates page has them all, searchable. */
const shown = { offset: 0, limit: 5, q: '', image: '' };

/**
 * The same diff stored under several chains (the same layer content on different bases): each
 * copy is its own directory on disk, and all but one could be saved by a common base. The
 * figures and their order are the Duplicates page's (GET /api/duplicates/diffs): extra engine
 * bytes (the size the engine recorded for the diff) and extra on disk (`du -B1` of the copies'
 * directories, which also hold each layer's link, lower and work entries).
 */
export function DuplicatedDiffsTable({ engineDown }: { engineDown: boolean }) {
  const query = useDuplicateDiffs(shown, { enabled: !engineDown });
  const names = useMemo(() => imageNames(query.data?.images ?? []), [query.data?.images]);
  return (
    <QueryState
      query={query}
      engineDown={engineDown}
      loading="Comparing layers…"
      errorTitle="Could not compare the layers"
    >
      {(page) =>
        page.diffs.length === 0 ? (
          <p className="muted">No layer content is stored twice: every diff sits on one chain.</p>
        ) : (
          <>
            <div className="table-scroll">
              <table className="duplicated-diffs">
                <caption className="visually-hidden">Diffs stored under several chains</caption>
                <thead>
                  <tr>
                    <th scope="col">Images, per copy</th>
                    <th scope="col" className="num">
                      Copies
                    </th>
                    <th scope="col" className="num">
                      Extra <SourceTag source="engine" />
                    </th>
                    <th scope="col" className="num">
                      Extra <SourceTag source="disk" />
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
                      </td>
                      <td className="num">{diff.copies.length}</td>
                      <td className="num">
                        <Bytes value={diff.extraEngineBytes} source="engine" />
                      </td>
                      <td className="num">
                        <MaybeBytes
                          value={diff.extraDiskBytes}
                          source="disk"
                          reason={page.notMeasuredReason}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted">
              {page.all.groups > page.diffs.length
                ? `The largest ${page.diffs.length} of ${page.all.groups.toLocaleString('en-US')}. `
                : null}
              <Link to="/duplicates">All duplicates, searchable by path and image</Link>
            </p>
          </>
        )
      }
    </QueryState>
  );
}
