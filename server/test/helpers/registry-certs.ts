import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Test certificates made with openssl in a temp dir: a CA and a server certificate it signs
 * for 127.0.0.1 (the TLS registry), and a self-signed key pair that signs registry tokens.
 * Two days of validity: they live as long as one test run.
 */
export interface TestCa {
  caCertPath: string;
  serverCertPath: string;
  serverKeyPath: string;
}

export async function makeTestCa(dir: string): Promise<TestCa> {
  const caKey = join(dir, 'ca.key');
  const caCertPath = join(dir, 'ca.crt');
  const serverKeyPath = join(dir, 'server.key');
  const serverCertPath = join(dir, 'server.crt');
  const csr = join(dir, 'server.csr');
  const ext = join(dir, 'server.ext');
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-keyout',
    caKey,
    '-out',
    caCertPath,
    '-subj',
    '/CN=docker-footprint test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    serverKeyPath,
    '-out',
    csr,
    '-subj',
    '/CN=127.0.0.1',
  ]);
  // Go (the registry) and Node both check the SAN, not the CN.
  await writeFile(
    ext,
    [
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caCertPath,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    serverCertPath,
    '-extfile',
    ext,
  ]);
  return { caCertPath, serverCertPath, serverKeyPath };
}

export interface TokenSigner {
  keyPem: string;
  certPath: string;
  /** The certificate as DER in base64, for the JWT header's x5c chain. */
  certDerBase64: string;
}

/**
 * The token issuer's key and a self-signed certificate for it: the registry's
 * `auth.token.rootcertbundle`, so a token whose x5c names this certificate verifies
 * (distribution registry/auth/token/token.go: an x5c leaf found in the root pool).
 */
export async function makeTokenSigner(dir: string): Promise<TokenSigner> {
  const keyPath = join(dir, 'token.key');
  const certPath = join(dir, 'token.crt');
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-subj',
    '/CN=docker-footprint test token issuer',
  ]);
  const certPem = await readFile(certPath, 'utf8');
  const certDerBase64 = certPem
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
  return { keyPem: await readFile(keyPath, 'utf8'), certPath, certDerBase64 };
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    throw new Error(
      `openssl ${args[0]} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`,
      { cause: error },
    );
  }
}
