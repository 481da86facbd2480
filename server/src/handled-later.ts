/**
 * A promise that is awaited later, after other awaits: its rejection belongs to whoever awaits
 * it then. Node reports a rejection that has no handler by the end of the current turn as
 * unhandled, and ends the process; this marks the promise as handled meanwhile (the await
 * still sees the rejection). Use it where a promise is started early and awaited later, never
 * to drop an error: a promise nobody will await needs a real handler.
 */
export function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}
