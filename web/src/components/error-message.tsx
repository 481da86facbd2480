import { ApiRequestError } from '../lib/api-client';

interface ErrorMessageProps {
  /** What was being done, e.g. "Could not list the images". */
  title: string;
  error: Error;
}

/** A failed request, shown where its data would be, with the server's own message. */
export function ErrorMessage({ title, error }: ErrorMessageProps) {
  const code = error instanceof ApiRequestError ? error.code : null;
  return (
    <div className="error-message" role="alert">
      <p className="error-message-title">{title}</p>
      <p>{error.message}</p>
      {code ? <p className="error-message-code">Error code: {code}</p> : null}
    </div>
  );
}
