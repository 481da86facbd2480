import type { ApiError } from '@footprint/shared';
import { ApiRequestError } from './api-client';

function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.code === 'string' && typeof body.message === 'string';
}

/**
 * Sends a change to the API. The server accepts changes only as JSON with our own Origin and the
 * session cookie, both of which the browser adds itself; a body is always sent (at least `{}`).
 * Failures become an ApiRequestError with the server's message, never a stack trace.
 */
export async function sendJson<T>(
  method: 'POST' | 'DELETE',
  path: string,
  body: object = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { 'Content-Type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiRequestError(0, {
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'SERVER_UNREACHABLE',
      message:
        'The docker-footprint server is not answering, so nothing was changed. Check that it ' +
        'is still running, then try again.',
    });
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: described below.
  }
  if (!response.ok) {
    throw new ApiRequestError(
      response.status,
      isApiError(parsed)
        ? { ...parsed, statusCode: response.status }
        : {
            statusCode: response.status,
            error: response.statusText || 'Error',
            code: 'UNEXPECTED_RESPONSE',
            message: `${method} ${path} answered ${response.status} ${response.statusText}`.trim(),
          },
    );
  }
  return parsed as T;
}
