import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type EngineEndpoint, parseEndpoint } from '../../src/engines/engine-source.js';
import { PrivateEngine } from './private-engine.js';
import { makeTestCa } from './registry-certs.js';

const run = promisify(execFile);

/**
 * A private dockerd that also listens on tcp://127.0.0.1:<free port> with --tlsverify, as a
 * remote engine is set up (docs.docker.com "Protect the Docker daemon socket"): a CA made here,
 * a server certificate for IP 127.0.0.1, a client certificate the daemon requires, and a second
 * CA that signed nothing, for the wrong-CA case. Its unix socket stays open for the reference
 * figures (PrivateEngine.api) and for loading images.
 */
export class TlsEngine {
  private constructor(
    readonly engine: PrivateEngine,
    readonly dir: string,
    readonly port: number,
    readonly caPath: string,
    readonly certPath: string,
    readonly keyPath: string,
    /** A CA that did not sign the engine's certificate. */
    readonly wrongCaPath: string,
  ) {}

  static async start(): Promise<TlsEngine> {
    const dir = await mkdtemp(join(tmpdir(), 'fp-tls-'));
    try {
      const ca = await makeTestCa(dir);
      const client = await makeClientCert(dir);
      await mkdir(join(dir, 'other'));
      const other = await makeTestCa(join(dir, 'other'));
      const port = await freePort();
      const engine = await PrivateEngine.start({
        daemonArgs: [
          `--host=tcp://127.0.0.1:${port}`,
          '--tlsverify',
          `--tlscacert=${ca.caCertPath}`,
          `--tlscert=${ca.serverCertPath}`,
          `--tlskey=${ca.serverKeyPath}`,
        ],
      });
      return new TlsEngine(
        engine,
        dir,
        port,
        ca.caCertPath,
        client.certPath,
        client.keyPath,
        other.caCertPath,
      );
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  get address(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  /** The endpoint as a docker context names it: these files, verification on unless told. */
  endpoint(options: { caPath?: string; verify?: boolean } = {}): EngineEndpoint {
    return parseEndpoint(this.address, {
      caPath: options.caPath ?? this.caPath,
      certPath: this.certPath,
      keyPath: this.keyPath,
      verify: options.verify ?? true,
    });
  }

  async destroy(): Promise<void> {
    await this.engine.destroy();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** A client certificate and key signed by the CA makeTestCa left in `dir` (ca.key, ca.crt). */
async function makeClientCert(dir: string): Promise<{ certPath: string; keyPath: string }> {
  const keyPath = join(dir, 'client.key');
  const certPath = join(dir, 'client.crt');
  const csr = join(dir, 'client.csr');
  const ext = join(dir, 'client.ext');
  await run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    csr,
    '-subj',
    '/CN=docker-footprint test client',
  ]);
  await writeFile(ext, 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n');
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    join(dir, 'ca.crt'),
    '-CAkey',
    join(dir, 'ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    certPath,
    '-extfile',
    ext,
  ]);
  return { certPath, keyPath };
}

/** A tcp port on 127.0.0.1 nothing listens on now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
