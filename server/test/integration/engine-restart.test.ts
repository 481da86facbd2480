import type { ImageList } from '@footprint/shared';
import Docker from 'dockerode';
import { afterAll, expect, it, vi } from 'vitest';
import { appOnPrivateEngine, privateEngine } from './context.js';

const engine = privateEngine();
const app = await appOnPrivateEngine(engine);
afterAll(() => app.close());

it('says the engine is away while it is stopped and recovers by itself when it is back', async () => {
  const before = await app.inject({ method: 'GET', url: '/api/images' });
  expect(before.statusCode).toBe(200);

  await engine.stopDaemon();
  try {
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toMatchObject({
      status: 'engine-unreachable',
      engine: { reachable: false },
    });
    const during = await app.inject({ method: 'GET', url: '/api/images' });
    expect(during.statusCode).toBe(503);
    expect(during.json().message).toContain(engine.socketPath);
  } finally {
    await engine.startDaemon();
  }

  const after = await app.inject({ method: 'GET', url: '/api/images' });
  expect(after.statusCode).toBe(200);
  expect(
    after
      .json<ImageList>()
      .images.map((image) => image.id)
      .sort(),
  ).toEqual(
    before
      .json<ImageList>()
      .images.map((image) => image.id)
      .sort(),
  );
  expect((await app.inject({ method: 'GET', url: '/api/health' })).json().status).toBe('ok');
});

it('pings the engine once for the callers that ask while a ping is on its way, again after', async () => {
  const { engine: connected } = app.engines.default;
  const ping = vi.spyOn(Docker.prototype, 'ping');
  try {
    const answers = await Promise.all(Array.from({ length: 10 }, () => connected.answers()));
    expect(answers).toEqual(Array.from({ length: 10 }, () => true));
    expect(ping).toHaveBeenCalledTimes(1);
    expect(await connected.answers()).toBe(true);
    expect(ping).toHaveBeenCalledTimes(2);
  } finally {
    ping.mockRestore();
  }
  // The next one asks the engine again: a shared ping is never an old answer.
  await engine.stopDaemon();
  try {
    expect(await connected.answers()).toBe(false);
  } finally {
    await engine.startDaemon();
  }
  expect(await connected.answers()).toBe(true);
});
