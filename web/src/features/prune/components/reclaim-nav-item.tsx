import { NavLink, useEngineNavigate } from '../../../components/engine-link';
import { useSession } from '../../session/api/get-session';
import { pruneKindForReclaimable } from '../utils/prune-kinds';
import { reclaimPath } from '../utils/prune-url';

/** The Reclaim page in the navigation; absent in read-only mode. */
export function ReclaimNavItem() {
  const { access } = useSession();
  if (access === 'unknown' || access === 'read-only') return null;
  return (
    <li>
      <NavLink to="/reclaim">Reclaim</NavLink>
    </li>
  );
}

/**
 * From an Overview "reclaimable" row to the Reclaim page with its kind chosen. A button, not a
 * second link: each row's one link leads to the list of what it would remove.
 */
export function ReclaimLink({ reclaimableKey, label }: { reclaimableKey: string; label: string }) {
  const { access } = useSession();
  const navigate = useEngineNavigate();
  const kind = pruneKindForReclaimable(reclaimableKey);
  if (kind === null || access === 'unknown' || access === 'read-only') return null;
  return (
    <button
      type="button"
      className="link-button"
      data-testid="reclaim-link"
      onClick={() => void navigate(reclaimPath({ kinds: [kind] }))}
      aria-label={`Reclaim: ${label}`}
    >
      Reclaim…
    </button>
  );
}
