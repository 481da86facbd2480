import type { FastifyReply } from 'fastify';

/**
 * For answers a service hands out again, as the same object, while nothing changed (the image
 * list, the disk answer): each object is serialized with the route's response schema once and
 * sent as those bytes from then on. At 2,000 images the list is about 1 MB; serializing and
 * encoding it per request was most of the latency and the memory under load.
 */
export function serializedOnce<T extends object>() {
  const bodies = new WeakMap<T, Buffer>();
  return (reply: FastifyReply, answer: T): FastifyReply => {
    let body = bodies.get(answer);
    if (body === undefined) {
      body = Buffer.from(reply.serialize(answer) as string);
      bodies.set(answer, body);
    }
    return reply.type('application/json; charset=utf-8').send(body);
  };
}
