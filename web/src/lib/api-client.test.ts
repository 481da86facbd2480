import type { ApiError } from '@footprint/shared';
import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError, getJson } from './api-client';
import { shouldRetry } from './query-client';

function answer(status: number, body: string, contentType = 'application/json') {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(body, { status, headers: { 'content-type': contentType } })),
  );
}

describe('getJson', () => {
  it('returns the parsed body of a 2xx answer', async () => {
    answer(200, JSON.stringify({ images: [] }));
    await expect(getJson('/api/images')).resolves.toEqual({ images: [] });
    expect(fetch).toHaveBeenCalledWith('/api/images', expect.objectContaining({ signal: null }));
  });

  it('throws an ApiRequestError carrying the server’s error body', async () => {
    const body: ApiError = {
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'ENGINE_UNREACHABLE',
      message: 'The Docker engine at /tmp/x.sock is not reachable.',
    };
    answer(503, JSON.stringify(body));
    const error = await getJson('/api/images').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 503, body, code: 'ENGINE_UNREACHABLE' });
    expect((error as Error).message).toBe(body.message);
  });

  it('describes an answer that is not an API error body', async () => {
    answer(502, '<html>Bad Gateway</html>', 'text/html');
    await expect(getJson('/api/disk')).rejects.toMatchObject({
      status: 502,
      body: { statusCode: 502, code: 'UNEXPECTED_RESPONSE' },
    });
  });

  it('says the server is not answering when no answer comes at all', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(getJson('/api/health')).rejects.toMatchObject({
      status: 0,
      code: 'SERVER_UNREACHABLE',
    });
  });
});

describe('shouldRetry', () => {
  it('does not retry a definite answer from the server', () => {
    const error = new ApiRequestError(503, {
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'ENGINE_UNREACHABLE',
      message: 'down',
    });
    expect(shouldRetry(0, error)).toBe(false);
  });

  it('retries once when no answer came', () => {
    const error = new ApiRequestError(0, {
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'SERVER_UNREACHABLE',
      message: 'no answer',
    });
    expect(shouldRetry(0, error)).toBe(true);
    expect(shouldRetry(1, error)).toBe(false);
  });
});
