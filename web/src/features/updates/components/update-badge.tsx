import { inertAttribute } from '../../../lib/inert-text';
import type { ImageUpdate } from '@footprint/shared';
import { updateStateLabels } from '../utils/update-labels';
import '../updates.css';

/**
 * The images table's mark for an image's last update check: "update available", or the
 * failure that kept the check from deciding (never a silent "up to date"). Nothing for images
 * that are up to date, not from a registry, or never checked: the row stays quiet.
 */
export function UpdateBadge({ result }: { result: ImageUpdate | null }) {
  if (result === null) return null;
  const { label, failure } = updateStateLabels[result.state];
  if (result.state !== 'update-available' && !failure) return null;
  const when = new Date(result.checkedAt).toLocaleString();
  const title = `${label}, checked ${when}${result.message ? `: ${inertAttribute(result.message, 300)}` : ''}${result.tagsChanged ? ' (its tags changed since: check again)' : ''}`;
  return (
    <span
      className={`badge update-badge${failure ? ' badge-warn' : ''}`}
      data-testid="update-badge"
      data-state={result.state}
      title={title}
    >
      {label}
    </span>
  );
}
