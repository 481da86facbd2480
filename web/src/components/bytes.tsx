import { exactBytes, humanBytes } from '@footprint/shared';
import { inertAttribute } from '../lib/inert-text';

/** Where a figure comes from: the engine's own accounting, or the data root measured like `du`. */
export type ByteSource = 'engine' | 'disk';

export const sourceLabels: Record<ByteSource, string> = {
  engine: 'engine figure',
  disk: 'measured on disk',
};

interface BytesProps {
  value: number;
  /** Significant digits: `docker system df` prints 4, its per-image rows 3. */
  precision?: number;
  /** Said on hover after the exact bytes; columns and headings say it too. */
  source?: ByteSource;
}

/** Bytes as the docker CLI prints them, the exact count on hover and for screen readers. */
export function Bytes({ value, precision, source }: BytesProps) {
  const exact = exactBytes(value);
  const title = source ? `${exact} (${sourceLabels[source]})` : exact;
  return (
    // data-exact-bytes: the count itself, for exports (a table's CSV) to read as a number.
    <span className="bytes" title={title} data-source={source} data-exact-bytes={value}>
      <span aria-hidden="true">{humanBytes(value, precision)}</span>
      <span className="visually-hidden">
        {humanBytes(value, precision)} ({exact})
      </span>
    </span>
  );
}

interface MaybeBytesProps extends Omit<BytesProps, 'value'> {
  value: number | null;
  /** Why there is no figure, on hover; "not measured" is shown. */
  reason?: string | null;
  missingLabel?: string;
}

/** A figure the API may not have: never a made-up number, "not measured" and why instead. */
export function MaybeBytes({
  value,
  reason,
  missingLabel = 'not measured',
  ...rest
}: MaybeBytesProps) {
  if (value === null) {
    return (
      // The reason can name a path or an image: inert, as every text from the engine.
      <span
        className="not-measured"
        title={reason ? inertAttribute(reason) : undefined}
        data-source={rest.source}
      >
        {missingLabel}
      </span>
    );
  }
  return <Bytes value={value} {...rest} />;
}

/** The small marker beside a heading or a figure that says which kind of figure it is. */
export function SourceTag({ source }: { source: ByteSource }) {
  return (
    <span className="source-tag" data-source={source} title={sourceLabels[source]}>
      {source === 'engine' ? 'engine' : 'on disk'}
    </span>
  );
}
