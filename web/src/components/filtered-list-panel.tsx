import type { ReactNode } from 'react';
import { useEngineDown } from '../features/health/api/get-health';
import { useSearchState } from '../lib/use-search-state';
import { Panel } from './panel';
import { EmptyState, type QueryLike, QueryState } from './query-state';
import { Segmented } from './segmented';

export interface ListFilter<F extends string> {
  value: F;
  label: string;
}

interface FilteredListPanelProps<Data, Row, F extends string> {
  id: string;
  title: string;
  /** Where the figures come from and what the filters mean. */
  meta: string;
  query: QueryLike<Data>;
  /** "Loading volumes…" */
  loading: string;
  /** "Could not list the volumes" */
  errorTitle: string;
  rowsOf: (data: Data) => readonly Row[];
  /** What the page says when there is nothing at all, and how to make some. */
  empty: { title: string; hint: ReactNode };
  /** The filters; the first is "everything". Its value lives in the URL under `param`. */
  filters: readonly ListFilter<F>[];
  param: string;
  filter: (rows: readonly Row[], filter: F) => Row[];
  /** The toolbar's line about the rows shown: how many, how many bytes. */
  summary: (rows: Row[], all: readonly Row[]) => ReactNode;
  noMatch: string;
  table: (rows: Row[]) => ReactNode;
}

/**
 * A list page's one panel, its title the page's h1: loading, error, empty and engine-away states, a filter held in the
 * URL, a summary of what is shown, and the table. Containers, volumes and build cache use it.
 */
export function FilteredListPanel<Data, Row, F extends string>(
  props: FilteredListPanelProps<Data, Row, F>,
) {
  const engineDown = useEngineDown();
  const first = props.filters[0]?.value ?? ('' as F);
  const [state, update] = useSearchState({ [props.param]: first });
  const chosen = state[props.param];
  const filter = props.filters.find((option) => option.value === chosen)?.value ?? first;
  return (
    <Panel
      id={props.id}
      title={props.title}
      meta={props.meta}
      stale={engineDown}
      exportable
      pageHeading
    >
      <QueryState
        query={props.query}
        engineDown={engineDown}
        loading={props.loading}
        errorTitle={props.errorTitle}
        empty={(data) =>
          props.rowsOf(data).length === 0 ? (
            <EmptyState title={props.empty.title}>{props.empty.hint}</EmptyState>
          ) : null
        }
      >
        {(data) => {
          const all = props.rowsOf(data);
          const rows = props.filter(all, filter);
          return (
            <>
              <div className="toolbar">
                <Segmented
                  legend="Show"
                  value={filter}
                  options={props.filters}
                  onChange={(value) => update({ [props.param]: value })}
                />
                <p className="toolbar-summary">{props.summary(rows, all)}</p>
              </div>
              {rows.length === 0 ? (
                <EmptyState title={props.noMatch}>
                  Pick “{props.filters[0]?.label}” to see everything.
                </EmptyState>
              ) : (
                props.table(rows)
              )}
            </>
          );
        }}
      </QueryState>
    </Panel>
  );
}
