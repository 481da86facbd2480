const dayMs = 86_400_000;

/**
 * Unused for `days`: no container uses the image and none was seen using it for that long.
 * `idleSince` null (never seen) is not known to be idle, so it does not qualify.
 */
export function isIdleFor(
  idleSince: string | null,
  containers: number,
  days: number,
  now: Date,
): boolean {
  if (containers > 0 || idleSince === null) return false;
  return new Date(idleSince).getTime() <= now.getTime() - days * dayMs;
}
