export interface CaptionOptions {
  /** What the picture shows, e.g. the panel's title. */
  title: string;
  date: Date;
  /** Null: no host name (the default, so a screenshot says nothing about the machine). */
  host: string | null;
  registryHidden: boolean;
}

/** The caption under an exported picture: what it shows, when, and optionally where. */
export function captionText({ title, date, host, registryHidden }: CaptionOptions): string {
  const when = date.toISOString().slice(0, 16).replace('T', ' ');
  const parts = [`docker-footprint · ${title}`, `${when} UTC`];
  if (host) parts.push(`host ${host}`);
  if (registryHidden) parts.push('registry hosts hidden');
  return parts.join(' · ');
}

/** A file name from the title and the date: "docker-footprint-disk-by-category-2024-05-01". */
export function exportFileName(
  title: string,
  date: Date,
  extension: 'png' | 'svg' | 'csv',
): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `docker-footprint-${slug}-${date.toISOString().slice(0, 10)}.${extension}`;
}
