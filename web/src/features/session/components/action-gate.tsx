import type { ReactNode } from 'react';
import '../../../components/actions.css';
import { useSession } from '../api/get-session';

interface ActionGateProps {
  children: ReactNode;
  /** Shown instead of the controls in read-only mode; nothing by default. */
  readOnly?: ReactNode;
}

/**
 * Destructive controls only where the server would accept them: none in read-only mode (or
 * before the session is known), a calm note when this browser has not opened the printed URL.
 */
export function ActionGate({ children, readOnly = null }: ActionGateProps) {
  const { access } = useSession();
  if (access === 'unknown') return null;
  if (access === 'read-only') return <>{readOnly}</>;
  if (access === 'unauthorized') return <SessionNote />;
  return <>{children}</>;
}

export function SessionNote() {
  return (
    <p className="session-note" data-testid="session-note">
      To remove or prune, open the URL the server printed at start-up (it ends in{' '}
      <code>?token=…</code>) once in this browser.
    </p>
  );
}
