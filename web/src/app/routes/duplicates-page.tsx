import { useMemo } from 'react';
import { Bytes } from '../../components/bytes';
import { Panel } from '../../components/panel';
import { QueryState } from '../../components/query-state';
import { Segmented } from '../../components/segmented';
import { useEngineDown } from '../../features/health/api/get-health';
import { useImages } from '../../features/images/api/get-images';
import { useDuplicates } from '../../features/layer-explorer/api/get-duplicates';
import {
  DuplicateDiffsTable,
  DuplicateFilesTable,
} from '../../features/layer-explorer/components/duplicate-tables';
import { DuplicatesProgress } from '../../features/layer-explorer/components/work-progress';
import { useSearchState } from '../../lib/use-search-state';

const sizes = [
  { value: '1024', label: '≥ 1 KB' },
  { value: '65536', label: '≥ 64 KB' },
  { value: '1048576', label: '≥ 1 MB' },
] as const;

/** `/duplicates`: the same bytes stored more than once across images. */
export function DuplicatesPage() {
  const engineDown = useEngineDown();
  const [state, update] = useSearchState({ min: '1024' });
  const min = sizes.find((size) => size.value === state.min)?.value ?? '1024';
  const query = useDuplicates(Number(min), { enabled: !engineDown });
  const list = useImages({ enabled: !engineDown });
  const images = useMemo(
    () => new Map((list.data?.images ?? []).map((image) => [image.id, image])),
    [list.data],
  );
  return (
    <div className="page">
      <h1 className="page-title">Duplicates across images</h1>
      <div className="toolbar">
        <Segmented
          legend="Smallest file compared"
          value={min}
          options={sizes}
          onChange={(value) => update({ min: value })}
        />
        {query.data ? (
          <p className="toolbar-summary">
            Files: <Bytes value={query.data.filesSavableBytes} /> savable · diffs:{' '}
            <Bytes value={query.data.diffsSavableBytes} /> savable
          </p>
        ) : null}
      </div>
      <DuplicatesProgress minBytes={Number(min)} active={query.isFetching} />
      <Panel
        id="duplicate-diffs"
        title="Diffs stored under several chains"
        meta="The same layer content on different bases: a common base would store it once"
        stale={engineDown}
        exportable
      >
        <QueryState
          query={query}
          engineDown={engineDown}
          loading="Comparing layers…"
          errorTitle="Could not compare the layers"
        >
          {(data) => <DuplicateDiffsTable data={data} images={images} />}
        </QueryState>
      </Panel>
      <Panel
        id="duplicate-files"
        title="Identical files in several layers"
        meta="Same size and SHA-256; only files whose size another layer shares are hashed"
        stale={engineDown}
        exportable
      >
        <QueryState
          query={query}
          engineDown={engineDown}
          loading="Hashing files of equal size… this reads them once and can take a while"
          errorTitle="Could not compare the files"
        >
          {(data) => <DuplicateFilesTable data={data} images={images} />}
        </QueryState>
      </Panel>
    </div>
  );
}
