import { Agent, type ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { createRequire } from 'node:module';
import type * as Ssh2 from 'ssh2';
import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import { SshTransportError } from './transport-errors.js';

/*
 * The http.Agent behind an ssh engine: each HTTP request to the engine runs over one ssh channel,
 * either `docker system dial-stdio` run on the remote host (what the docker CLI's ssh helper
 * does, cli/connhelper) or, for a Podman connection that names the remote socket, a direct
 * streamlocal forward to that socket (what `podman --connection` does).
 *
 * Not docker-modem's own ssh transport (lib/ssh.js), for three reasons: it cannot forward to a
 * socket; when the server refuses the exec channel it calls back twice and then reads a property
 * of the missing stream, an uncaught TypeError that would end this server; and it makes a new
 * ssh connection (key exchange, authentication) for every request. Here one ssh connection
 * carries all channels while any is open, each channel serves request after request (HTTP
 * keep-alive), and both end after a short idle time.
 */

/**
 * ssh2, loaded when an ssh engine first connects: requiring it (and its crypto setup) cost every
 * start-up 40 ms when no engine used ssh (scripts/bundle-server.mjs keeps docker-modem's ssh
 * transport lazy for the same reason). A CommonJS module, so `utils` is there too.
 */
export function loadSsh2(): typeof Ssh2 {
  ssh2Module ??= requireSsh2();
  return ssh2Module;
}

/**
 * The built package carries ssh2 bundled beside the server (server/dist/ssh2.bundle.cjs), so it
 * has no dependency to install; run from source (tests, tsc's output without the bundle step),
 * it is the workspace's node_modules/ssh2.
 */
function requireSsh2(): typeof Ssh2 {
  const require = createRequire(import.meta.url);
  try {
    return require('../ssh2.bundle.cjs') as typeof Ssh2;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    return require('ssh2') as typeof Ssh2;
  }
}
let ssh2Module: typeof Ssh2 | undefined;

export interface SshTunnelTarget {
  /** Where and as whom to connect, and the keys to offer; the host key is checked here. */
  connect: Omit<ConnectConfig, 'hostVerifier'>;
  /** null when known_hosts trusts this host key (raw ssh blob), else what to tell the person. */
  checkHostKey: (key: Buffer) => string | null;
  /** The keys offered, named (the agent's, file paths), for the message when all are refused. */
  offered: string;
  /** The engine's socket on the remote host; null runs `docker system dial-stdio` there. */
  socketPath: string | null;
  /** user@host:port, for messages. */
  label: string;
}

// Long enough that a page's burst of requests shares one ssh connection and its channels; short
// enough that a closed engine connection does not keep a process (or the remote sshd) busy for
// long. A free channel closes first, then the connection once no channel is open.
const freeChannelMs = 4_000;
const maxChannels = 8;
const idleMs = 5_000;

export class SshTunnelAgent extends Agent {
  readonly #target: SshTunnelTarget;
  #client: Promise<Client> | null = null;
  #openChannels = 0;
  #idleTimer: NodeJS.Timeout | null = null;
  #destroyed = false;

  constructor(target: SshTunnelTarget) {
    // Keep-alive: a channel is reused for the next request, as the docker CLI's http client does
    // over its ssh helper. Each new channel starts a `docker system dial-stdio` process on the
    // remote host, which cost about half a second a request on the loaded test machine.
    // At most maxChannels at once: a page's burst of requests waits for a free channel rather
    // than starting a dial-stdio process each; the few long streams (events, a pull's progress)
    // leave room for the rest.
    super({ keepAlive: true, timeout: freeChannelMs, maxSockets: maxChannels });
    this.#target = target;
  }

  override createConnection(
    _options: ClientRequestArgs,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): undefined {
    this.#openChannel().then(
      (stream) => callback?.(null, stream),
      (error: unknown) => callback?.(error as Error, undefined as unknown as Duplex),
    );
    return undefined;
  }

  override destroy(): void {
    this.#destroyed = true;
    this.#endClient();
    super.destroy();
  }

  async #openChannel(): Promise<Duplex> {
    if (this.#destroyed)
      throw new SshTransportError(`the ssh transport to ${this.#target.label} is closed`);
    const client = await this.#connect();
    const channel = await new Promise<ClientChannel>((resolve, reject) => {
      const done = (error: Error | undefined, stream: ClientChannel) =>
        error ? reject(this.#channelError(error)) : resolve(stream);
      if (this.#target.socketPath === null) client.exec('docker system dial-stdio', done);
      else client.openssh_forwardOutStreamLocal(this.#target.socketPath, done);
    });
    this.#track(channel);
    if (this.#target.socketPath === null) this.#watchDialStdio(channel);
    return asSocket(channel);
  }

  #connect(): Promise<Client> {
    if (this.#client !== null) return this.#client;
    const client = new (loadSsh2().Client)();
    let hostKeyProblem: string | null = null;
    const attempt = new Promise<Client>((resolve, reject) => {
      client.once('ready', () => resolve(client));
      // Before 'ready' an error fails the attempt; after it, the channels' own errors say more.
      client.on('error', (error: Error & { level?: string }) => {
        if (hostKeyProblem !== null) reject(new SshTransportError(hostKeyProblem));
        else if (error.level === 'client-authentication') reject(this.#refusedError());
        else reject(this.#connectError(error));
      });
      client.once('close', () => {
        reject(
          new SshTransportError(`the ssh server at ${this.#target.label} closed the connection`),
        );
        if (this.#client === attempt) this.#client = null;
      });
    });
    this.#client = attempt;
    attempt.catch(() => {
      if (this.#client === attempt) this.#client = null;
      client.end();
    });
    // Small requests and answers: without TCP_NODELAY each waited ~40 ms (Nagle and delayed
    // acknowledgements), 46 ms a request against 10 ms with it on the test machine.
    client.once('ready', () => client.setNoDelay(true));
    client.connect({
      ...this.#target.connect,
      hostVerifier: (key: Buffer) => {
        hostKeyProblem = this.#target.checkHostKey(key);
        return hostKeyProblem === null;
      },
    });
    return attempt;
  }

  #track(channel: ClientChannel): void {
    this.#openChannels += 1;
    if (this.#idleTimer !== null) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    channel.once('close', () => {
      this.#openChannels -= 1;
      if (this.#openChannels > 0) return;
      this.#idleTimer = setTimeout(() => this.#endClient(), idleMs);
      this.#idleTimer.unref();
    });
  }

  #endClient(): void {
    if (this.#idleTimer !== null) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    const client = this.#client;
    this.#client = null;
    client?.then(
      (open) => open.end(),
      () => {},
    );
  }

  /**
   * `docker system dial-stdio` that fails before answering (no docker CLI there, no daemon
   * behind its DOCKER_HOST) would only look like "socket hang up": its stderr says why. sshd
   * may send the end of output before the exit status, so an end that comes before any answer
   * is held until the exit status says whether it was a failure (or the channel closes).
   */
  #watchDialStdio(channel: ClientChannel): void {
    let answered = false;
    let endHeld = false;
    let exited = false;
    let stderr = '';
    const push = channel.push.bind(channel);
    channel.push = (chunk: unknown, encoding?: BufferEncoding) => {
      if (chunk !== null) answered = true;
      else if (!answered && !exited && !endHeld) {
        endHeld = true;
        return false;
      }
      return push(chunk, encoding);
    };
    channel.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    channel.once('exit', (code: number | null, signal?: string) => {
      exited = true;
      if (!answered && code !== 0) {
        const said = stderr.trim().slice(0, 300) || '(nothing on stderr)';
        // ssh2's Channel#destroy takes no error (it only closes): the request hears it this way.
        channel.emit(
          'error',
          new SshTransportError(
            `"docker system dial-stdio" on ${this.#target.label} exited with ${code ?? signal}: ${said}`,
          ),
        );
      }
      if (endHeld) push(null);
    });
  }

  /** ssh2's socket and handshake failures, said of the ssh server rather than of a socket. */
  #connectError(error: Error & { level?: string }): SshTransportError {
    const why =
      error.level === 'client-timeout'
        ? 'did not complete the ssh handshake in time'
        : error.level === 'client-socket'
          ? 'cannot be reached: is the host up and its sshd listening there?'
          : 'broke off the ssh handshake';
    return new SshTransportError(
      `the ssh server at ${this.#target.label} ${why} (${error.message})`,
    );
  }

  #refusedError(): SshTransportError {
    return new SshTransportError(
      `the ssh server at ${this.#target.label} accepted none of the keys offered ` +
        `(${this.#target.offered}): add this engine's key to the ssh agent (ssh-add) or name ` +
        'its identity file, and check that its public key is in authorized_keys there',
    );
  }

  #channelError(error: Error): SshTransportError {
    const what =
      this.#target.socketPath === null
        ? 'run "docker system dial-stdio"'
        : `open the engine's socket ${this.#target.socketPath} (is the engine running there, and may this user use its socket?)`;
    return new SshTransportError(
      `the ssh server at ${this.#target.label} refused to ${what}: ${error.message}`,
    );
  }
}

function noop(): void {}

/**
 * What http's client calls on a socket. A channel has no TCP options (noops, as ssh2's own http
 * agents); `setTimeout` is kept, so the client's per-request timeout (EngineClient's, docker-modem
 * req.setTimeout) ends a request the remote engine stopped answering, as on a unix socket:
 * 'timeout' after that long with nothing read or written.
 */
function asSocket(channel: ClientChannel): Duplex {
  let idleMs = 0;
  let timer: NodeJS.Timeout | null = null;
  const rearm = () => {
    if (timer !== null) clearTimeout(timer);
    timer = idleMs > 0 ? setTimeout(() => channel.emit('timeout'), idleMs) : null;
    timer?.unref();
  };
  // push() is where a channel's incoming data enters the stream: watched here, not with a
  // 'data' listener, which would set the stream flowing before http's parser is attached.
  const push = channel.push.bind(channel);
  const write = channel.write.bind(channel) as (...args: unknown[]) => boolean;
  channel.once('close', () => {
    idleMs = 0;
    rearm();
  });
  return Object.assign(channel, {
    push: (chunk: unknown, encoding?: BufferEncoding) => {
      if (chunk !== null) rearm();
      return push(chunk, encoding);
    },
    write: (...args: unknown[]) => {
      rearm();
      return write(...args);
    },
    setTimeout: (ms: number, callback?: () => void) => {
      idleMs = ms;
      // As net.Socket#setTimeout: 0 with a callback removes it (http does so on keep-alive).
      if (callback !== undefined) {
        if (ms === 0) channel.removeListener('timeout', callback);
        else channel.once('timeout', callback);
      }
      rearm();
      return channel;
    },
    setKeepAlive: noop,
    setNoDelay: noop,
    ref: noop,
    unref: noop,
  });
}
