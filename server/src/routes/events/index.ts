import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { apiRoutes, type ServerEvent } from '@footprint/shared';

/** Comment lines keep idle connections open through proxies and let the page notice a drop. */
const heartbeatMs = 15_000;

function frame(event: ServerEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Open streams never end on their own: close them when the server closes.
  const openStreams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const close of openStreams) close();
  });

  app.get(
    apiRoutes.events,
    {
      schema: {
        summary: 'Server-sent events: engine reachability, inventory changes, scan progress',
        tags: ['events'],
        produces: ['text/event-stream'],
      },
    },
    (request, reply) => {
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      // Tell the browser how soon to reconnect after a drop, then say hello.
      response.write('retry: 2000\n\n');
      const unsubscribe = app.events.subscribe((event) => response.write(frame(event)));
      const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), heartbeatMs);
      const close = () => {
        clearInterval(heartbeat);
        unsubscribe();
        openStreams.delete(close);
        response.end();
      };
      openStreams.add(close);
      request.raw.on('close', close);
    },
  );
};
