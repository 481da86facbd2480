/** What a page of duplicate groups is asked with; the URL's order is the benchmark's. */
export interface DuplicatePageRequest {
  offset: number;
  limit: number;
  /** Empty: no search. */
  q: string;
  /** An image ID; empty: every image. */
  image: string;
}

export function pageQuery({ offset, limit, q, image }: DuplicatePageRequest): string {
  const params = [`offset=${offset}`, `limit=${limit}`];
  if (q.trim() !== '') params.push(`q=${encodeURIComponent(q.trim())}`);
  if (image !== '') params.push(`image=${encodeURIComponent(image)}`);
  return params.join('&');
}

/** Rows per page: few enough to draw at once, the server's answer a few KB. */
export const duplicatesPageSize = 50;
