/**
 * Says a list is the engine's answer kept from before the server started (GET /api/images
 * `kept`, GET /api/containers `engineKeptAt`), and of when: the server asks the engine
 * meanwhile and the page fetches again once its answer is in.
 */
export function KeptListNote({
  kept,
  engineDown,
}: {
  kept: { askedAt: string } | undefined;
  engineDown: boolean;
}) {
  if (kept === undefined) return null;
  return (
    <p className="muted" role="status" data-kept-at={kept.askedAt}>
      The engine’s list from {new Date(kept.askedAt).toLocaleString()}, kept from before the server
      started; {engineDown ? 'the engine does not answer now.' : 'refreshing.'}
    </p>
  );
}
