import { ApiRequestError } from '../lib/api-client';
import { inertValue } from '../lib/inert-text';
import { InertText } from './inert-text';

interface ErrorMessageProps {
  /** What was being done, e.g. "Could not list the images". */
  title: string;
  error: Error;
}

/**
 * A failed request, shown where its data would be, with the server's own message: inert text,
 * since a message can echo a name (a tag, a path) from the engine.
 */
export function ErrorMessage({ title, error }: ErrorMessageProps) {
  const code = error instanceof ApiRequestError ? error.code : null;
  return (
    <div className="error-message" role="alert">
      <p className="error-message-title">{title}</p>
      <p>
        <InertText value={error.message} max={600} />
      </p>
      {code ? <p className="error-message-code">Error code: {inertValue(code, 80).shown}</p> : null}
    </div>
  );
}
