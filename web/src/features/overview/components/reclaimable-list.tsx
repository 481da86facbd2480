import { Link } from '../../../components/engine-link';
import { Bytes, MaybeBytes, SourceTag } from '../../../components/bytes';
import { ReclaimLink } from '../../prune/components/reclaim-nav-item';
import type { ReclaimableRow } from '../utils/reclaimable';

/** Each kind of reclaimable space, linking to the list of what it would remove. */
export function ReclaimableList({ rows }: { rows: readonly ReclaimableRow[] }) {
  return (
    <ul className="reclaimable-list">
      {rows.map((row) => {
        const label = (
          <>
            <span className="reclaimable-label">{row.label}</span>
            <span className="muted">
              {row.count !== null ? `${row.count} · ` : ''}
              {row.description}
            </span>
          </>
        );
        return (
          <li key={row.key} data-kind={row.key}>
            {row.link.startsWith('#') ? (
              <a className="reclaimable-link" href={row.link}>
                {label}
              </a>
            ) : (
              <Link className="reclaimable-link" to={row.link}>
                {label}
              </Link>
            )}
            <span className="num reclaimable-bytes" data-bytes={row.bytes ?? undefined}>
              <MaybeBytes
                value={row.bytes}
                source={row.source}
                missingLabel="…"
                reason="Waiting for the layer sizes."
              />{' '}
              <SourceTag source={row.source} />
              {row.dockerCount && row.dockerCount.bytes !== row.bytes ? (
                <span
                  className="muted docker-count"
                  data-docker-bytes={row.dockerCount.bytes}
                  title={row.dockerCount.note}
                >
                  docker system df: <Bytes value={row.dockerCount.bytes} source="engine" />
                </span>
              ) : null}
            </span>
            <ReclaimLink reclaimableKey={row.key} label={row.label} />
          </li>
        );
      })}
    </ul>
  );
}
