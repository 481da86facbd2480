import { exactBytes, humanBytes } from '@footprint/shared';

interface BytesProps {
  value: number;
  /** Significant digits: `docker system df` prints 4, its per-image rows 3. */
  precision?: number;
}

/** Bytes as the docker CLI prints them, the exact count on hover and for screen readers. */
export function Bytes({ value, precision }: BytesProps) {
  const exact = exactBytes(value);
  return (
    <span className="bytes" title={exact}>
      <span aria-hidden="true">{humanBytes(value, precision)}</span>
      <span className="visually-hidden">
        {humanBytes(value, precision)} ({exact})
      </span>
    </span>
  );
}
