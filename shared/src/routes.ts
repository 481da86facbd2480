/** The route table: every path the API serves, shared by the server and the web client. */
export const apiRoutes = {
  health: '/api/health',
  images: '/api/images',
  image: '/api/images/:id',
  disk: '/api/disk',
  events: '/api/events',
  openapi: '/api/openapi.json',
} as const;

export function imagePath(id: string): string {
  return apiRoutes.image.replace(':id', encodeURIComponent(id));
}
