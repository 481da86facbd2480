import type { Orphans } from '@footprint/shared';
import { Bytes, SourceTag } from '../../../components/bytes';
import { count } from '../../../lib/count';

/**
 * The orphan directories together, as one `du -s` over all of them counts them: a file
 * hard-linked into two directories is in both rows of the table and once here, so the rows can
 * add up to more (issue #15). The Reclaimable card and the breakdown show this total too.
 */
export function OrphansTotal({ orphans }: { orphans: Orphans }) {
  if (orphans.dirs.length === 0) return null;
  return (
    <p className="muted" data-figure="orphans-total" data-disk-bytes={orphans.diskBytes}>
      All {orphans.dirs.length.toLocaleString('en-US')} together <SourceTag source="disk" />:{' '}
      <Bytes value={orphans.diskBytes} source="disk" /> allocated (du -B1),{' '}
      <Bytes value={orphans.apparentBytes} source="disk" /> apparent (du -b),{' '}
      {count(orphans.files, 'file')}. Shared hard links counted once in the total; each row counts
      its own directory alone (du -s of it), so the rows can add up to more.
    </p>
  );
}
