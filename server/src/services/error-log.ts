/**
 * Where a background part reports a bug it contained (a throwing listener or callback): the
 * app's logger, in pino's argument order; stderr where none is given.
 */
export interface ErrorLog {
  error(details: { err: unknown; [field: string]: unknown }, message: string): void;
}

export const stderrLog: ErrorLog = {
  error: (details, message) => console.error(message, details),
};
