/** docker-modem's own redirect-following http (lib/http.js); only what modem-redirects.ts sets. */
declare module 'docker-modem/lib/http.js' {
  const http: { maxRedirects: number };
  export default http;
}
