import { InertText } from '../../../components/inert-text';
import { ApiRequestError } from '../../../lib/api-client';
import { inertAttribute, inertValue } from '../../../lib/inert-text';
import { conflictHelp } from '../utils/conflicts';

/** A refused or failed action, where it was taken: the server's words and code, no stack. */
export function ActionError({ error }: { error: Error }) {
  const code = error instanceof ApiRequestError ? error.code : null;
  return (
    <div
      className="action-error"
      role="alert"
      data-code={code !== null ? inertAttribute(code) : undefined}
    >
      <p>
        <strong>{conflictHelp(code).title}</strong>
      </p>
      <p>
        <InertText value={error.message} max={600} />
      </p>
      {code ? <p className="error-message-code">Error code: {inertValue(code, 80).shown}</p> : null}
    </div>
  );
}
