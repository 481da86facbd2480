import type { ServerEvent } from '@footprint/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appOnPrivateEngine, privateEngine } from './context.js';

/*
 * The watcher follows the engine's event stream: a `docker tag` or `docker rmi` from outside is
 * published within a second, and an engine restart is seen going and coming back. The tag made
 * here is removed again, so the shared fixtures stay as they were.
 */

const engine = privateEngine();
const app = await appOnPrivateEngine(engine);
const received: { at: number; event: ServerEvent }[] = [];
beforeAll(async () => {
  app.engines.default.events.subscribe((event) => received.push({ at: Date.now(), event }));
  await app.ready();
  // Connected once the watcher has seeded the last-use record from the containers.
  const deadline = Date.now() + 10_000;
  while (
    app.engines.default.lastUse.lastUsed(firstContainerImage) === null &&
    Date.now() < deadline
  ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});
afterAll(() => app.close());

let firstContainerImage = '';
firstContainerImage = (
  await engine.docker(['inspect', '--format', '{{.Image}}', 'footprint-stopped'])
).trim();

/** The action's change is published (no test asserts how soon: a loaded CI host is slow). */
async function published(action: () => Promise<unknown>, resource: string) {
  const from = received.length;
  await action();
  await expect
    .poll(
      () =>
        received
          .slice(from)
          .find(
            ({ event }) =>
              event.type === 'inventory-changed' &&
              (event.resources as string[]).includes(resource),
          ),
      { timeout: 15_000, interval: 20 },
    )
    .toBeDefined();
}

it('publishes inventory-changed for `docker tag` and `docker rmi`', async () => {
  await published(
    () => engine.docker(['tag', 'footprint-fixture/app:2', 'footprint-fixture/watched:1']),
    'images',
  );
  await published(() => engine.docker(['rmi', 'footprint-fixture/watched:1']), 'images');
});

it('coalesces a burst of changes into few notifications', async () => {
  const tags = Array.from({ length: 20 }, (_, i) => `footprint-fixture/burst:${i}`);
  const from = received.length;
  await Promise.all(tags.map((tag) => engine.docker(['tag', 'footprint-fixture/app:2', tag])));
  await engine.docker(['rmi', ...tags]);
  await new Promise((resolve) => setTimeout(resolve, 800));
  const notifications = received
    .slice(from)
    .filter(({ event }) => event.type === 'inventory-changed');
  expect(notifications.length).toBeGreaterThan(0);
  expect(notifications.length).toBeLessThan(20);
});

it('says the engine went away, reconnects by itself when it is back, and tells the page', async () => {
  const from = received.length;
  await engine.stopDaemon();
  try {
    await expect
      .poll(
        () =>
          received
            .slice(from)
            .some(({ event }) => event.type === 'engine' && event.reachable === false),
        { timeout: 10_000 },
      )
      .toBe(true);
  } finally {
    await engine.startDaemon();
  }
  await expect
    .poll(
      () => received.slice(from).some(({ event }) => event.type === 'engine' && event.reachable),
      { timeout: 15_000 },
    )
    .toBe(true);
  const down = received.slice(from).find(({ event }) => event.type === 'engine');
  expect(down?.event).toMatchObject({ reachable: false });
  expect(down?.event.type === 'engine' ? down.event.message : '').toContain(engine.socketPath);
  // And events flow again after the restart.
  await published(
    () => engine.docker(['tag', 'footprint-fixture/app:2', 'footprint-fixture/watched:2']),
    'images',
  );
  await engine.docker(['rmi', 'footprint-fixture/watched:2']);
});
