import '../layer-explorer.css';
import type { TreeEntry, TreeSearch } from '@footprint/shared';
import { Bytes } from '../../../components/bytes';
import { EmptyState } from '../../../components/query-state';
import { inertAttribute } from '../../../lib/inert-text';
import { deletionLabel, kindLabels } from '../utils/entry-labels';
import { ChangeBadge } from './change-badge';
import { LastChange } from './tree-row';
import { InertName } from './inert-name';
import { ListingNotes } from './work-progress';

interface SearchResultsProps {
  result: TreeSearch;
  /** A layer's build step (history line), or null when none is recorded or known yet. */
  stepOf?: (layer: number) => string | null;
  /** Open the directory an entry is in, in the tree. */
  onReveal: (entry: TreeEntry) => void;
}

/** Entries whose path contains the search text: the first few, and how many there are. */
export function SearchResults({ result, onReveal, stepOf = () => null }: SearchResultsProps) {
  const merged = result.view === 'merged';
  if (result.total === 0) {
    return (
      <EmptyState title="No path matches">
        Nothing in this view has “<InertName text={result.query} />” in its path. Try a shorter part
        of the name, or another layer.
      </EmptyState>
    );
  }
  return (
    <>
      <ListingNotes notes={result.notes} />
      <p className="search-summary" role="status" data-total={result.total}>
        {result.total.toLocaleString('en-US')} {result.total === 1 ? 'match' : 'matches'}
        {result.total > result.entries.length
          ? `, the first ${result.entries.length.toLocaleString('en-US')} shown: type more to narrow it down`
          : ''}
      </p>
      <div className="table-scroll search-results-scroll">
        <table className="search-results">
          <caption className="visually-hidden">Paths matching the search</caption>
          <colgroup>
            <col />
            <col className="col-change" />
            {merged ? <col className="col-last-change" /> : null}
            <col className="col-bytes" />
            <col className="col-action" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Change</th>
              {merged ? <th scope="col">Last change</th> : null}
              <th scope="col" className="num" title="Apparent bytes, as du -b counts them">
                Size
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {result.entries.map((entry) => (
              <tr key={entry.path} data-path={inertAttribute(entry.path)}>
                <th scope="row">
                  <span className="search-path">
                    <InertName className="mono" text={entry.displayPath} />
                    {entry.kind !== 'file' ? (
                      <span className="kind-tag">{kindLabels[entry.kind]}</span>
                    ) : null}
                  </span>
                </th>
                <td>
                  <ChangeBadge change={entry.change} title={deletionLabel(entry)} />
                </td>
                {merged ? (
                  <td>
                    <LastChange entry={entry} stepOf={stepOf} />
                  </td>
                ) : null}
                <td className="num" data-bytes={entry.apparentBytes}>
                  <Bytes value={entry.apparentBytes} />
                </td>
                <td className="nowrap">
                  <button type="button" className="link-button" onClick={() => onReveal(entry)}>
                    Show in tree
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
