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

/** What is known about an image's use, from the last-use record and the engine. */
export interface UseFacts {
  /** Containers (any state) that use it now. */
  containers: number;
  /** When the record began for it (the server first saw it); null when not in the record. */
  firstSeen: string | null;
  /** The last container create or start from it the record holds; null when none. */
  lastUsed: string | null;
  created: string;
  /** The engine's Metadata.LastTagTime; null when never tagged, or not asked (yet). */
  lastTagTime: string | null;
}

export interface IdleVerdict {
  /**
   * recorded: the record shows N idle days (isIdleFor). age: the record is shorter than N days
   * and shows no use, and the image was made and tagged at least N days ago; its use before the
   * record began is not known, so this is never called "unused for N days" by itself.
   */
  basis: 'recorded' | 'age';
  /** The time the N days count from. */
  since: string;
}

/** Since when the record shows no use: the last use, or when the record began for the image. */
export function idleSinceOf(firstSeen: string | null, lastUsed: string | null): string | null {
  if (firstSeen === null) return lastUsed;
  return lastUsed !== null && lastUsed > firstSeen ? lastUsed : firstSeen;
}

/**
 * Whether the image counts as unused for `days`, and on what. A container that uses it now, or
 * a use the record holds within the days, rules it out on either basis.
 */
export function idleVerdict(
  facts: UseFacts,
  days: number,
  now: Date,
  allowAge: boolean,
): IdleVerdict | null {
  if (facts.containers > 0) return null;
  const idleSince = idleSinceOf(facts.firstSeen, facts.lastUsed);
  if (isIdleFor(idleSince, 0, days, now) && idleSince !== null) {
    return { basis: 'recorded', since: idleSince };
  }
  if (!allowAge || facts.lastUsed !== null) return null;
  const since = arrivedAt(facts.created, facts.lastTagTime);
  return isIdleFor(since, 0, days, now) ? { basis: 'age', since } : null;
}

/** The later of Created and LastTagTime: the image has been here, as it is, at least since. */
export function arrivedAt(created: string, lastTagTime: string | null): string {
  if (lastTagTime === null) return created;
  return Date.parse(lastTagTime) > Date.parse(created) ? lastTagTime : created;
}

/** Whole and part days from `from` to `now`, never below 0. */
export function daysBetween(from: string, now: Date): number {
  return Math.max(0, (now.getTime() - Date.parse(from)) / dayMs);
}
