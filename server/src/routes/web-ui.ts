import { resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isApiPath, parseRequestTarget } from '../security/request-target.js';

/*
 * The built web UI (web/dist). Vite names each file under assets/ by a hash of its content:
 * those are cached for a year, immutable, so a browser that opened the dashboard before runs
 * its scripts from its cache without asking again (each was asked again and answered 304 on
 * every load). The document and the files Vite copies as they are (theme-init.js) are asked
 * again each time (max-age=0, 304 while unchanged), so a rebuilt UI shows at the next load.
 */

const immutable = 'public, max-age=31536000, immutable';

/**
 * Whether a request no route answered is for a page of the single-page app, whose client-side
 * router decides what to show (the app's 404 handler answers it with the document): a GET
 * outside the API and outside assets/, where a file that is not there is a 404 (a tab left open
 * across a rebuild asks for the old build's chunks: the page then says it could not load one
 * and offers a reload, instead of being handed the document as a script). `path` is the path as
 * the router matched it (request-target.ts), so the API is the API however it is spelled.
 */
export function isPageRequest(method: string, path: string): boolean {
  return method === 'GET' && !isApiPath(path) && !path.startsWith('/assets/');
}

/** What the app answers a request no route answered that is not for a page (its 404). */
export type NotFound = (request: FastifyRequest, reply: FastifyReply) => FastifyReply;

/**
 * Serves the web UI in `webRoot`: its files, and its document for every page's URL; any other
 * request no route answered gets `otherwise`.
 */
export async function registerWebUi(
  app: FastifyInstance,
  webRoot: string,
  otherwise: NotFound,
): Promise<void> {
  const assets = `${resolve(webRoot)}${sep}assets${sep}`;
  // Files are looked up per request (wildcard), so a rebuilt UI is served without a restart.
  await app.register(fastifyStatic, {
    root: webRoot,
    setHeaders: (reply, path) => {
      if (path.startsWith(assets)) reply.header('cache-control', immutable);
    },
  });
  app.setNotFoundHandler((request, reply) => {
    // The security plugin refused any target that does not parse before a handler runs.
    const target = parseRequestTarget(request.url);
    // A client-side route: the single-page app decides what to show.
    return target !== null && isPageRequest(request.method, target.path)
      ? reply.sendFile('index.html')
      : otherwise(request, reply);
  });
}
