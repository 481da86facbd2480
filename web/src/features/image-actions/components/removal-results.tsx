import type { ImageRemoval, ImageSummary } from '@footprint/shared';
import { InertText } from '../../../components/inert-text';
import { shortId } from '../../images/utils/short-id';
import { conflictHelp } from '../utils/conflicts';
import { ImageName } from './image-name';

const outcomeLabels: Record<ImageRemoval['outcome'], string> = {
  removed: 'Removed',
  untagged: 'Untagged',
  conflict: 'Kept',
  'not-found': 'Gone already',
  failed: 'Failed',
};

interface RemovalResultsProps {
  results: readonly ImageRemoval[];
  /** The images as they were listed, for their names. */
  images: ReadonlyMap<string, Pick<ImageSummary, 'id' | 'repoTags'>>;
}

/** What happened to each image, with the server's reason for those it kept. */
export function RemovalResults({ results, images }: RemovalResultsProps) {
  return (
    <table className="action-list" data-testid="removal-results">
      <caption className="visually-hidden">Result per image</caption>
      <thead>
        <tr>
          <th scope="col">Image</th>
          <th scope="col">Result</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {results.map((result) => (
          <tr key={result.id} data-image-id={result.id} data-outcome={result.outcome}>
            <td>
              <ImageName id={result.id} repoTags={images.get(result.id)?.repoTags ?? []} />
            </td>
            <td>
              <span className="outcome" data-outcome={result.outcome}>
                {result.outcome === 'conflict' && conflictHelp(result.code).engineActed
                  ? 'Not confirmed'
                  : outcomeLabels[result.outcome]}
              </span>
            </td>
            <td>
              {result.message ? (
                <InertText value={result.message} max={400} />
              ) : (
                <span className="muted">
                  {result.untagged.length > 0 ? `untagged ${result.untagged.length}, ` : ''}
                  deleted {result.deleted.length}{' '}
                  {result.deleted.length === 1 ? 'record' : 'records'} ({shortId(result.id)})
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
