import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';

const gzipAsync = promisify(gzip);
const encodings = new Negotiator<'gzip' | 'identity'>({ supportedValues: ['gzip', 'identity'] });

interface Body {
  raw: Buffer;
  /** A strong validator of these bytes (`"<hash>"`, `"<hash>-gzip"` gzipped): a 304 instead. */
  etag: string;
  gzipped: Promise<Buffer> | null;
}

/**
 * Whether If-None-Match names these bytes in either encoding: a list or *, weak tags compared
 * weakly (RFC 9110 13.1.2).
 */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const gzipped = gzipTag(etag);
  return ifNoneMatch.split(',').some((listed) => {
    const tag = listed.trim().replace(/^W\//, '');
    return tag === etag || tag === gzipped;
  });
}

/** The gzipped bytes' own ETag: another representation, so another strong tag (RFC 9110 8.8.3). */
function gzipTag(etag: string): string {
  return `${etag.slice(0, -1)}-gzip"`;
}

/**
 * For answers a service hands out again, as the same object, while nothing changed (the image
 * list, the disk answer, the layers): each object is serialized with the route's response
 * schema once and sent as those bytes from then on, gzipped once for clients that accept it
 * (every browser does). At 2,000 images the layer list is about 6 MB of JSON and 0.6 MB
 * gzipped; serializing, encoding and sending it per request was most of the latency and the
 * memory under load.
 *
 * Each body has an ETag (a hash of its bytes, taken once) and `Cache-Control: no-cache`: the
 * browser keeps the answer and asks again with If-None-Match every time (a page re-fetches after
 * every event), and while the bytes are the same it gets a 304 without them. The ETag is the
 * one of the JSON, with "-gzip" for the gzipped bytes (as nginx and Apache tell them apart).
 */
export function serializedOnce<T extends object>() {
  const bodies = new WeakMap<T, Body>();
  return async (request: FastifyRequest, reply: FastifyReply, answer: T): Promise<FastifyReply> => {
    let body = bodies.get(answer);
    if (body === undefined) {
      const raw = Buffer.from(reply.serialize(answer) as string);
      const etag = `"${createHash('sha1').update(raw).digest('base64url')}"`;
      body = { raw, etag, gzipped: null };
      bodies.set(answer, body);
    }
    reply
      .type('application/json; charset=utf-8')
      .header('vary', 'accept-encoding')
      .header('cache-control', 'no-cache');
    const accepted = encodings.negotiate(request.headers['accept-encoding'] ?? 'identity');
    // Small answers are not worth a gzip header.
    const zipped = accepted === 'gzip' && body.raw.length >= 1024;
    reply.header('etag', zipped ? gzipTag(body.etag) : body.etag);
    if (matches(request.headers['if-none-match'], body.etag)) return reply.code(304).send();
    if (!zipped) return reply.send(body.raw);
    body.gzipped ??= gzipAsync(body.raw);
    return reply.header('content-encoding', 'gzip').send(await body.gzipped);
  };
}
