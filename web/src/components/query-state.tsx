import type { ReactNode } from 'react';
import { ErrorMessage } from './error-message';
import { StaleNote } from './stale-note';

export interface QueryLike<T> {
  data: T | undefined;
  error: Error | null;
  isFetching: boolean;
  dataUpdatedAt: number;
}

interface QueryStateProps<T> {
  query: QueryLike<T>;
  engineDown: boolean;
  /** "Loading images…" */
  loading: string;
  /** "Could not list the images" */
  errorTitle: string;
  /** Shown when the data is there and empty. */
  empty?: (data: T) => ReactNode | null;
  children: (data: T) => ReactNode;
}

/**
 * The states every panel goes through: loading, failed (the server's message, where the data
 * would be), empty (what to do), stale while the engine is away, and the data.
 */
export function QueryState<T>({
  query,
  engineDown,
  loading,
  errorTitle,
  empty,
  children,
}: QueryStateProps<T>) {
  const { data } = query;
  let body: ReactNode;
  if (engineDown && data === undefined) body = null;
  else if (!engineDown && query.error && !query.isFetching)
    body = <ErrorMessage title={errorTitle} error={query.error} />;
  else if (data === undefined)
    body = (
      <p className="loading" role="status">
        {loading}
      </p>
    );
  else body = empty?.(data) ?? children(data);
  return (
    <>
      {engineDown ? <StaleNote updatedAt={query.dataUpdatedAt} /> : null}
      {body !== null ? <div className="panel-body">{body}</div> : null}
    </>
  );
}

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state-title">{title}</p>
      <p>{children}</p>
    </div>
  );
}
