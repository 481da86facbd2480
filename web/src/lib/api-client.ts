import type { ApiError } from '@footprint/shared';

/** A non-2xx answer from the API, carrying the server's error body (or one built for it). */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly body: ApiError;

  constructor(status: number, body: ApiError) {
    super(body.message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.body = body;
  }

  get code(): string {
    return this.body.code;
  }
}

function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return (
    typeof body.statusCode === 'number' &&
    typeof body.error === 'string' &&
    typeof body.code === 'string' &&
    typeof body.message === 'string'
  );
}

async function errorBody(response: Response, path: string): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const parsed: unknown = JSON.parse(text);
    if (isApiError(parsed)) return parsed;
  } catch {
    // Not JSON: a proxy or a crashed server answered; describe it below.
  }
  return {
    statusCode: response.status,
    error: response.statusText || 'Error',
    code: 'UNEXPECTED_RESPONSE',
    message: `GET ${path} answered ${response.status} ${response.statusText}`.trim(),
  };
}

/**
 * GETs JSON from the API. The type parameter is the route's response type from
 * @footprint/shared; the server validates its answers against the same schema.
 */
export async function getJson<T>(path: string, init?: { signal?: AbortSignal }): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { accept: 'application/json' },
      signal: init?.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    // fetch rejects only when no answer came at all: the dashboard server is down.
    throw new ApiRequestError(0, {
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'SERVER_UNREACHABLE',
      message:
        'The docker-footprint server is not answering. Check that it is still running; ' +
        'this page retries by itself.',
    });
  }
  if (!response.ok) throw new ApiRequestError(response.status, await errorBody(response, path));
  return (await response.json()) as T;
}
