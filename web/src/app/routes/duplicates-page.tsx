import '../../features/duplicates/duplicates.css';
import { useDeferredValue } from 'react';
import { Bytes, MaybeBytes } from '../../components/bytes';
import { Panel } from '../../components/panel';
import { QueryState } from '../../components/query-state';
import { useDuplicateDiffs } from '../../features/duplicates/api/get-duplicate-diffs';
import { useDuplicateFiles } from '../../features/duplicates/api/get-duplicate-files';
import { DuplicateDiffsTable } from '../../features/duplicates/components/duplicate-diffs-table';
import { DuplicateFilesTable } from '../../features/duplicates/components/duplicate-files-table';
import {
  DuplicatesToolbar,
  type MinSize,
  minSizes,
} from '../../features/duplicates/components/duplicates-toolbar';
import { Pager } from '../../features/duplicates/components/pager';
import { duplicatesPageSize } from '../../features/duplicates/utils/page-query';
import { useEngineDown } from '../../features/health/api/get-health';
import { useImages } from '../../features/images/api/get-images';
import { DuplicatesProgress } from '../../features/layer-explorer/components/work-progress';
import { useSearchState } from '../../lib/use-search-state';

const defaults = { min: '1024', q: '', image: '', files: '0', diffs: '0' };

/** A page offset from the URL: a whole multiple of the page size, else the first page. */
function offsetOf(value: string): number {
  const offset = Number(value);
  return Number.isSafeInteger(offset) && offset > 0 && offset % duplicatesPageSize === 0
    ? offset
    : 0;
}

/** "1 diff", "602 groups". */
function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** `/duplicates`: the same bytes stored more than once across images, a page at a time. */
export function DuplicatesPage() {
  const engineDown = useEngineDown();
  const enabled = !engineDown;
  const [state, update] = useSearchState(defaults);
  const min: MinSize = minSizes.find((size) => size.value === state.min)?.value ?? '1024';
  // Typing stays quick; the pages follow the search a moment later.
  const q = useDeferredValue(state.q);
  const page = { limit: duplicatesPageSize, q, image: state.image };
  const files = useDuplicateFiles(
    { minBytes: Number(min), offset: offsetOf(state.files), ...page },
    { enabled },
  );
  const diffs = useDuplicateDiffs({ offset: offsetOf(state.diffs), ...page }, { enabled });
  const images = useImages({ enabled });
  const filtered = state.q.trim() !== '' || state.image !== '';
  return (
    <div className="page">
      <h1 className="page-title">Duplicates across images</h1>
      <DuplicatesToolbar
        q={state.q}
        image={state.image}
        min={min}
        images={images.data?.images ?? []}
        // A new search starts both lists from their first page.
        onChange={(changes) => update({ ...changes, files: '0', diffs: '0' })}
      />
      <DuplicatesProgress minBytes={Number(min)} active={files.isFetching} />
      <Panel
        id="duplicate-diffs"
        title="Diffs stored under several chains"
        meta="The same layer content on different bases: a common base would store it once. Extra: what keeping one copy, the largest, would save"
        stale={engineDown}
        exportable
      >
        <QueryState
          query={diffs}
          engineDown={engineDown}
          loading="Comparing layers…"
          errorTitle="Could not compare the layers"
        >
          {(data) => (
            <>
              <p className="duplicates-totals" data-testid="diff-totals">
                {filtered ? `${data.matching.groups.toLocaleString('en-US')} of ` : ''}
                {count(data.all.groups, 'diff')} stored more than once; extra:{' '}
                <Bytes
                  value={filtered ? data.matching.extraEngineBytes : data.all.extraEngineBytes}
                  source="engine"
                />{' '}
                (engine),{' '}
                <MaybeBytes
                  value={filtered ? data.matching.extraDiskBytes : data.all.extraDiskBytes}
                  source="disk"
                  reason={data.notMeasuredReason}
                />{' '}
                (on disk)
              </p>
              <DuplicateDiffsTable page={data} />
              <Pager
                label="duplicated diffs"
                offset={data.offset}
                limit={data.limit}
                total={data.total}
                onOffset={(offset) => update({ diffs: String(offset) }, { push: true })}
              />
            </>
          )}
        </QueryState>
      </Panel>
      <Panel
        id="duplicate-files"
        title="Identical files in several layers"
        meta="Same size and SHA-256; only files whose size another layer shares are hashed. Sizes are apparent (as du -b)"
        stale={engineDown}
        exportable
      >
        <QueryState
          query={files}
          engineDown={engineDown}
          loading="Hashing files of equal size… this reads them once and can take a while"
          errorTitle="Could not compare the files"
        >
          {(data) => (
            <>
              <p className="duplicates-totals" data-testid="file-totals">
                {filtered ? `${data.matching.groups.toLocaleString('en-US')} of ` : ''}
                {count(data.all.groups, 'group')} of identical files; a common base saves{' '}
                <Bytes value={filtered ? data.matching.savableBytes : data.all.savableBytes} />{' '}
                (apparent)
              </p>
              <DuplicateFilesTable page={data} />
              <Pager
                label="identical files"
                offset={data.offset}
                limit={data.limit}
                total={data.total}
                onOffset={(offset) => update({ files: String(offset) }, { push: true })}
              />
            </>
          )}
        </QueryState>
      </Panel>
    </div>
  );
}
