interface StaleNoteProps {
  /** When the figures shown were read (ms since the epoch); 0 when there are none. */
  updatedAt: number;
}

/** Said above figures kept from before the engine went away, so nobody takes them as current. */
export function StaleNote({ updatedAt }: StaleNoteProps) {
  return (
    <p className="stale-note">
      {updatedAt > 0
        ? `Not current: the engine is unreachable. These are the last figures, read at ${new Date(
            updatedAt,
          ).toLocaleTimeString()}; they refresh when the engine is back.`
        : 'The engine is unreachable; its figures appear here when it is back.'}
    </p>
  );
}
