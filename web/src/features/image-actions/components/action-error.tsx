import { ApiRequestError } from '../../../lib/api-client';
import { conflictHelp } from '../utils/conflicts';

/** A refused or failed action, where it was taken: the server's words and code, no stack. */
export function ActionError({ error }: { error: Error }) {
  const code = error instanceof ApiRequestError ? error.code : null;
  return (
    <div className="action-error" role="alert" data-code={code ?? undefined}>
      <p>
        <strong>{conflictHelp(code).title}</strong>
      </p>
      <p>{error.message}</p>
      {code ? <p className="error-message-code">Error code: {code}</p> : null}
    </div>
  );
}
