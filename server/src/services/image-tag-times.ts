/**
 * Each image's Metadata.LastTagTime, which only image inspect gives (GET /images/json has no
 * such field): one inspect per image, kept until its tags change (a tag, untag or pull of the
 * same image sets a new time and changes its RepoTags with it), so a filter that needs it asks
 * the engine once per image, not once per request.
 */
export class ImageTagTimes {
  readonly #kept = new Map<string, { tags: string; time: string | null }>();

  constructor(private readonly inspect: (imageId: string) => Promise<string | null>) {}

  /** LastTagTime per image ID (null: never tagged); `images` are the ones wanted now. */
  async of(
    images: readonly { id: string; repoTags: readonly string[] }[],
  ): Promise<Map<string, string | null>> {
    const result = new Map<string, string | null>();
    const missing: { id: string; tags: string }[] = [];
    for (const image of images) {
      const tags = image.repoTags.join('\n');
      const kept = this.#kept.get(image.id);
      if (kept?.tags === tags) result.set(image.id, kept.time);
      else missing.push({ id: image.id, tags });
    }
    // A few at a time: the engine answers each inspect in a millisecond or two, and a burst of
    // thousands at once would queue behind it the requests of every other page.
    const parallel = 8;
    for (let start = 0; start < missing.length; start += parallel) {
      await Promise.all(
        missing.slice(start, start + parallel).map(async ({ id, tags }) => {
          const time = await this.inspect(id);
          this.#kept.set(id, { tags, time });
          result.set(id, time);
        }),
      );
    }
    return result;
  }

  /** Forgets images that are gone, so what is kept stays as large as the image set. */
  keepOnly(live: ReadonlySet<string>): void {
    for (const id of this.#kept.keys()) if (!live.has(id)) this.#kept.delete(id);
  }
}
