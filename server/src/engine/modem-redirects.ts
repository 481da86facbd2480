import modemHttp from 'docker-modem/lib/http.js';

/**
 * docker-modem follows an engine's 3xx answers itself (lib/http.js, "based on follow-redirects
 * v0.0.x"): for a request over a unix socket it asks the Location again without the socket, or
 * reads a missing protocol, and either way throws or emits 'error' where nobody listens, which
 * ends the process. The Engine API never redirects on purpose (Podman 4.3's router answers
 * GET /images//json with a 301), so a redirect is an error of that one request: with
 * maxRedirects 0 the modem emits it on the request, whose callback rejects as any other error.
 * The module is the one dockerode's modem uses (the same file, bundled once).
 */
export function refuseModemRedirects(): void {
  modemHttp.maxRedirects = 0;
}
