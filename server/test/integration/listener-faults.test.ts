import { Writable } from 'node:stream';
import type { ServerEvent } from '@footprint/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { EngineActions } from '../../src/engine/engine-actions.js';
import { EngineClient } from '../../src/engine/engine-client.js';
import { EngineWatcher } from '../../src/services/engine-watcher.js';
import { EventBus } from '../../src/services/event-bus.js';
import { LastUse } from '../../src/services/last-use.js';
import { appOnPrivateEngine, privateEngine } from './context.js';

/*
 * A bug in something an event sets off (a listener of the event bus, a callback of the engine
 * watcher) is logged and contained: the scan that published, the watcher that followed the
 * engine and the other listeners all go on. Before, a throwing listener rejected the scan loop's
 * promise (which nothing awaits) or, in the watcher's coalescing timer, was an uncaught
 * exception: either ends the process. Vitest fails the file on either.
 */

const engine = privateEngine();

/** A logger whose error lines are kept, as the server's pino logger writes them. */
function capturedLog() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as { level: number; msg: string });
      }
      done();
    },
  });
  return { lines, logger: { level: 'error', stream } };
}

describe('a throwing event-bus listener', () => {
  const log = capturedLog();
  let app: Awaited<ReturnType<typeof appOnPrivateEngine>>;
  afterAll(() => app.close());

  it('does not stop the scan that published, nor the other listeners', async () => {
    app = await appOnPrivateEngine(engine, { watchEngine: false, logger: log.logger });
    const seen: ServerEvent[] = [];
    app.engines.default.events.subscribe(() => {
      throw new Error('a listener bug');
    });
    app.engines.default.events.subscribe((event) => seen.push(event));

    await app.engines.default.diskTruth.measurement();
    await app.engines.default.diskTruth.whenIdle();
    const measurement = await app.engines.default.diskTruth.measurement();

    expect(measurement.measured).toBe(true);
    expect(measurement.scan.state).toBe('done');
    const phases = seen.flatMap((event) => (event.type === 'scan-progress' ? [event.phase] : []));
    expect(phases[0]).toBe('running');
    expect(phases.at(-1)).toBe('done');
    const failures = log.lines.filter((line) => line.msg === 'an event listener failed');
    expect(failures.length).toBe(phases.length);
  });
});

describe('the engine watcher with a throwing callback', () => {
  const logged: string[] = [];
  const bus = new EventBus({ error: () => {} });
  let watcher: EngineWatcher;
  afterAll(() => watcher.stop());

  it('logs the failure and still notifies the pages and follows the engine', async () => {
    const actions = new EngineActions(
      new Engine(new EngineClient({ dockerHost: engine.dockerHost, dockerCertPath: null })),
    );
    watcher = new EngineWatcher(actions, bus, await LastUse.open(null), {
      onChange: () => {
        throw new Error('a callback bug');
      },
      log: { error: (_details, message) => logged.push(message) },
    });
    const published: ServerEvent[] = [];
    bus.subscribe((event) => {
      published.push(event);
      throw new Error('a listener bug in the coalescing timer');
    });
    await watcher.start();

    for (const name of ['footprint-fixture/faults:1', 'footprint-fixture/faults:2']) {
      const before = published.length;
      await engine.docker(['tag', 'footprint-fixture/app:2', name]);
      await expect
        .poll(() => published.slice(before).some((event) => event.type === 'inventory-changed'))
        .toBe(true);
      await engine.docker(['rmi', name]);
    }
    expect(logged).toContain('reacting to an engine event failed');
  });
});
