import { spawn } from 'node:child_process';
import { loadStandardFixtures } from './helpers/fixtures.js';
import { PrivateEngine } from './helpers/private-engine.js';
const port = 7397;
const base = `http://127.0.0.1:${port}`;
const engine = await PrivateEngine.start();
try {
  await loadStandardFixtures(engine);
  const server = spawn(process.execPath, ['server/dist/server.js'], { env: { ...process.env, PORT: String(port), DOCKER_HOST: engine.dockerHost, LOG_LEVEL: 'warn', FOOTPRINT_STATE_DIR: `${engine.dir}/state` }, stdio: ['ignore', 'inherit', 'inherit'] });
  let exited = false;
  server.on('exit', (code, sig) => { exited = true; console.log('SERVER EXITED', code, sig); });
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok).catch(() => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  void fetch(`${base}/api/events`).then((r) => r.body?.getReader().read()).catch(() => {});
  console.log('disk', (await fetch(`${base}/api/disk`)).status);
  for (let round = 0; round < 3; round++) {
    await engine.stopDaemon();
    for (const p of ['/api/disk', '/api/images', '/api/health', '/api/containers', '/api/layers', '/api/volumes']) {
      await fetch(`${base}${p}`).then((r) => console.log(round, p, r.status)).catch((e) => console.log(round, p, 'ERR', e.message));
    }
    await new Promise((r) => setTimeout(r, 2500));
    await engine.startDaemon();
    await new Promise((r) => setTimeout(r, 2500));
    console.log(round, 'disk after', (await fetch(`${base}/api/disk`)).status);
  }
  console.log('exited?', exited);
  server.kill();
} finally {
  await engine.destroy();
}
