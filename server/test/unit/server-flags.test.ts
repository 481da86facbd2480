import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverEnv, serverNodeFlags } from '../helpers/dashboard-server.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('the node flags the server runs with', () => {
  it('are the same for npm start, the container image and the tests and benchmark', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts
      .start;
    const command = /CMD (\[.*\])/.exec(read('Dockerfile'))?.[1] ?? '[]';
    expect(start).toContain(`node ${serverNodeFlags.join(' ')} server/dist/server.bundle.js`);
    expect(JSON.parse(command)).toEqual([
      'node',
      ...serverNodeFlags,
      'server/dist/server.bundle.js',
    ]);
  });

  it('as is the environment they add (glibc malloc arenas)', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts
      .start;
    const image = /^ENV (.*)$/m.exec(read('Dockerfile'))?.[1] ?? '';
    for (const [name, value] of Object.entries(serverEnv)) {
      expect(start).toContain(`${name}=${value} node `);
      expect(image.split(' ')).toContain(`${name}=${value}`);
    }
  });
});
