/** The image detail page of an image ID: /images/<64 hex digits>. */
export function imageLink(id: string): string {
  return `/images/${id.replace(/^sha256:/, '')}`;
}
