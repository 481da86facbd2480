import type { ImageDetail, ImageUpdate, TagUpdate } from '@footprint/shared';
import { Panel } from '../../../components/panel';
import { InertText } from '../../../components/inert-text';
import { ErrorMessage } from '../../../components/error-message';
import { useSession } from '../../session/api/get-session';
import { useCheckUpdates } from '../api/check-updates';
import { useImageUpdate, useUpdates } from '../api/get-updates';
import { decidedByText, tagToPreview, updateStateLabels } from '../utils/update-labels';
import { UpdateCost } from './update-cost';
import '../updates.css';

/**
 * The image page's "Update" section: the last check of this image (per registry tag: what the
 * tag points at now, how that was decided, what the check cost in requests), a button to check
 * it again, and, when an update is available, what updating costs (update-cost.tsx).
 */
export function UpdateSection({ image, stale }: { image: ImageDetail; stale: boolean }) {
  const result = useImageUpdate(image.id);
  const updates = useUpdates();
  const check = useCheckUpdates();
  const { access } = useSession();
  const running = updates.data?.progress.running === true;
  const tag = tagToPreview(result);
  return (
    <Panel
      id="update"
      title="Update"
      meta="Whether the tag this image was pulled by points elsewhere now: HEAD requests, no pull quota"
      stale={stale}
      actions={
        <button
          type="button"
          className="button button-quiet"
          disabled={running || check.isPending || access === 'unauthorized'}
          onClick={() => check.mutate([image.id])}
        >
          {running ? 'Checking…' : 'Check this image'}
        </button>
      }
    >
      <div className="panel-body" data-testid="update-section">
        {check.error ? (
          <ErrorMessage title="Could not start the update check" error={check.error} />
        ) : null}
        {result === null ? (
          <p className="muted" data-testid="update-state" data-state="never">
            {image.repoDigests.length === 0
              ? 'Built or loaded here (no RepoDigests): there is no registry tag to follow.'
              : 'Not checked yet. “Check this image” asks its registry.'}
          </p>
        ) : (
          <CheckResult result={result} />
        )}
        {tag !== null && result !== null ? (
          <UpdateCost image={image} tag={tag} stale={result.tagsChanged} />
        ) : null}
      </div>
    </Panel>
  );
}

function CheckResult({ result }: { result: ImageUpdate }) {
  const { label, failure } = updateStateLabels[result.state];
  return (
    <>
      <p data-testid="update-state" data-state={result.state}>
        <span
          className={`badge update-badge${failure ? ' badge-warn' : ''}`}
          data-state={result.state}
        >
          {label}
        </span>{' '}
        checked{' '}
        <time dateTime={result.checkedAt}>{new Date(result.checkedAt).toLocaleString()}</time>
        {result.tagsChanged ? (
          <span className="muted"> · its tags changed since: check again</span>
        ) : null}
      </p>
      {result.message !== null ? (
        <p className={failure ? 'action-note' : 'muted'} data-testid="update-message">
          <InertText value={result.message} max={600} />
        </p>
      ) : null}
      {result.tags.length > 0 ? <TagTable tags={result.tags} /> : null}
    </>
  );
}

function TagTable({ tags }: { tags: readonly TagUpdate[] }) {
  return (
    <div className="table-scroll">
      <table className="update-tags" data-testid="update-tags">
        <caption className="visually-hidden">Registry tags checked</caption>
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col">State</th>
            <th scope="col">Registry has</th>
            <th scope="col">Decided by</th>
            <th scope="col" className="num">
              Requests
            </th>
            <th scope="col" className="num">
              Rate limit left
            </th>
          </tr>
        </thead>
        <tbody>
          {tags.map((tag) => (
            <tr key={tag.reference} data-state={tag.state}>
              <td className="mono">
                <InertText value={tag.reference} max={120} />
              </td>
              <td>
                {updateStateLabels[tag.state].label}
                {tag.message !== null && tag.state !== 'update-available' ? (
                  <div className="muted">
                    <InertText value={tag.message} max={300} />
                  </div>
                ) : null}
              </td>
              <td className="mono break">
                {tag.remoteDigest ?? <span className="muted">—</span>}
                {tag.platformDigest !== null ? (
                  <div className="muted">this platform: {tag.platformDigest}</div>
                ) : null}
              </td>
              <td>{tag.decidedBy !== null ? decidedByText[tag.decidedBy] : '—'}</td>
              <td className="num" data-testid="update-requests">
                {tag.requests.head} HEAD · {tag.requests.get} GET
              </td>
              <td className="num">
                {tag.rateLimit?.remaining !== null && tag.rateLimit?.remaining !== undefined
                  ? `${tag.rateLimit.remaining}${tag.rateLimit.limit !== null ? ` of ${tag.rateLimit.limit}` : ''}`
                  : 'not sent'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
