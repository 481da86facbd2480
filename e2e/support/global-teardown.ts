import { PrivateEngine } from '../../server/test/helpers/private-engine.js';
import { readEnvironment } from './environment.js';

export default async function globalTeardown(): Promise<void> {
  const { serverPid, engine } = readEnvironment();
  try {
    if (serverPid > 0) process.kill(serverPid, 'SIGTERM');
  } catch {
    // already gone
  }
  await PrivateEngine.attach(engine).destroy();
}
