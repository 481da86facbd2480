import { AppError } from '../errors.js';
import type { RateLimit } from './registry-headers.js';

/**
 * The registry client's failures, each an AppError a person can act on. Messages name the
 * registry and repository, never a credential or a token.
 */
export function registryUnreachable(registry: string, why: string): AppError {
  return new AppError(
    502,
    'REGISTRY_UNREACHABLE',
    `The registry ${registry} is not reachable (${why}). Check its address and that it runs.`,
  );
}

export function registryAuthFailed(
  registry: string,
  repository: string | null,
  why: 'refused' | 'missing' | 'denied' | 'token',
): AppError {
  const what = repository === null ? registry : `${registry}/${repository}`;
  const message = {
    refused: `The registry ${registry} refused the configured credentials for ${what}. Run \`docker login ${registry}\` again.`,
    missing: `The registry ${registry} needs credentials for ${what} (or it does not exist) and none are configured. Run \`docker login ${registry}\`.`,
    denied: `The registry ${registry} denied access to ${what} with the configured credentials (it exists only for some accounts, or the account lacks the permission).`,
    token: `The registry ${registry}'s token service did not give a token for ${what}. Run \`docker login ${registry}\` again if the credentials changed.`,
  }[why];
  return new AppError(401, 'REGISTRY_AUTH_FAILED', message);
}

export class RegistryRateLimitedError extends AppError {
  constructor(
    registry: string,
    readonly retryAfterSeconds: number | null,
    readonly rateLimit: RateLimit | null,
  ) {
    super(
      429,
      'REGISTRY_RATE_LIMITED',
      `The registry ${registry} limits how often it may be asked and refuses for now` +
        (retryAfterSeconds === null ? '.' : `; try again in ${retryAfterSeconds} s.`) +
        (registry === 'docker.io' ? ' Logging in to Docker Hub raises the limit.' : ''),
    );
  }
}

/** `what`: the missing thing with its repository, e.g. "manifest team/app:1". */
export function registryNotFound(registry: string, what: string): AppError {
  return new AppError(404, 'REGISTRY_NOT_FOUND', `The registry ${registry} has no ${what}.`);
}

export function registryDeleteDisabled(registry: string): AppError {
  return new AppError(
    409,
    'REGISTRY_DELETE_DISABLED',
    `The registry ${registry} does not allow deleting manifests. Its operator enables it with ` +
      '`storage.delete.enabled: true` in the registry config (or REGISTRY_STORAGE_DELETE_ENABLED=true).',
  );
}

export function registryFailed(
  registry: string,
  status: number,
  detail: { code: string; message: string } | null,
): AppError {
  const said =
    detail === null ? '' : ` (${detail.code}${detail.message === '' ? '' : `: ${detail.message}`})`;
  return new AppError(502, 'REGISTRY_ERROR', `The registry ${registry} answered ${status}${said}.`);
}

export function registryBadAnswer(registry: string, why: string): AppError {
  return new AppError(
    502,
    'REGISTRY_BAD_ANSWER',
    `The registry ${registry} answered something unusable: ${why}.`,
  );
}
