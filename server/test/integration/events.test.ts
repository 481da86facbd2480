import { request } from 'node:http';
import type { ServerEvent } from '@footprint/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appOnPrivateEngine } from './context.js';

const app = await appOnPrivateEngine();
let port = 0;
beforeAll(async () => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
});
afterAll(() => app.close());

it('streams published events to a connected page as server-sent events', async () => {
  // Services of the app subscribe too (the disk scanner follows the engine coming back).
  const baseline = app.engines.default.events.subscriberCount;
  const received = await new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/events' }, (res) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (
          body.includes('\n\n') &&
          app.engines.default.events.subscriberCount === baseline + 1 &&
          !body.includes('event:')
        ) {
          const event: ServerEvent = { type: 'inventory-changed', resources: ['images'] };
          app.engines.default.events.publish(event);
        }
        if (body.includes('event: inventory-changed')) {
          req.destroy();
          resolve(body);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
  expect(received).toContain('retry: 2000');
  expect(received).toContain('data: {"type":"inventory-changed","resources":["images"]}');
  // The stream unsubscribes when the page goes away.
  await expect.poll(() => app.engines.default.events.subscriberCount).toBe(baseline);
});
