import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Comment lines keep idle streams open through proxies and let the page notice a drop. */
const heartbeatMs = 15_000;

/** Sends one server-sent event; ends the stream. */
export type SendEvent = (event: string, data: unknown) => void;

/**
 * Server-sent event streams of one plugin: each `open` hijacks the reply and keeps the stream
 * until the client goes, the subscriber closes it, or the server closes (streams never end on
 * their own, so `close()` of the app would otherwise wait for them).
 */
export function eventStreams(app: FastifyInstance) {
  const openStreams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const close of openStreams) close();
  });

  return {
    /** `subscribe` gets `send` and `close` and returns its unsubscribe. */
    open(
      request: FastifyRequest,
      reply: FastifyReply,
      subscribe: (send: SendEvent, close: () => void) => () => void,
    ): void {
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
      let closed = false;
      let unsubscribe: (() => void) | null = null;
      const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), heartbeatMs);
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe?.();
        openStreams.delete(close);
        response.end();
      };
      openStreams.add(close);
      request.raw.on('close', close);
      unsubscribe = subscribe(
        (event, data) => response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        close,
      );
      // A subscriber that closed the stream at once is unsubscribed now that it can be.
      if (closed) unsubscribe();
    },
  };
}
