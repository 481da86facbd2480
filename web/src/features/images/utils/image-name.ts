import { shortId } from './short-id';

/** How a list names an image: its first tag, or "<none>" and the short ID when it has none. */
export function imageName(image: { repoTags: readonly string[] } | undefined, id: string): string {
  return image?.repoTags[0] ?? `<none> ${shortId(id)}`;
}
