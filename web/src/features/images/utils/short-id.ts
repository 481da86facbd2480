/** The 12 hex digits the docker CLI shows for an image ID ("sha256:4bf5c77598dd…" → "4bf5c77598dd"). */
export function shortId(id: string): string {
  const hex = id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
  return hex.slice(0, 12);
}
