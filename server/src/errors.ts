/**
 * Errors that carry what the API answers: a status, a stable code and a message a person can act
 * on. Anything else that escapes a handler is a bug and is answered as a 500 without its stack.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(code: string, message: string) {
    super(400, code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(code: string, message: string) {
    super(404, code, message);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

export class EngineUnreachableError extends AppError {
  /** `advice` replaces the closing sentence when the cause already says what to do. */
  constructor(
    endpoint: string,
    cause: string,
    advice = 'Check that the daemon is running and that this user may use its socket, or set DOCKER_HOST.',
  ) {
    super(
      503,
      'ENGINE_UNREACHABLE',
      `The Docker engine at ${endpoint} is not reachable (${cause}).${advice === '' ? '' : ` ${advice}`}`,
    );
  }
}

export class EngineError extends AppError {
  /** The engine's own status (409 for conflicts), while this error answers 502. */
  readonly engineStatusCode: number;
  /** The engine's message as it gave it. */
  readonly engineMessage: string;

  constructor(statusCode: number, message: string) {
    super(502, 'ENGINE_ERROR', `The Docker engine answered ${statusCode}: ${message}`);
    this.engineStatusCode = statusCode;
    this.engineMessage = message;
  }
}

export class ForbiddenError extends AppError {
  constructor(code: string, message: string) {
    super(403, code, message);
  }
}
