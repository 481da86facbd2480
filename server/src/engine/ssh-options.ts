import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import type { AnyAuthMethod, ParsedKey, ServerHostKeyAlgorithm } from 'ssh2';
import type { EngineEndpoint, EngineSsh } from '../engines/engine-source.js';
import {
  fingerprint,
  type KnownHostEntry,
  knownHostKeyAlgorithms,
  knownHostName,
  parseKnownHosts,
  verifyHostKey,
} from './known-hosts.js';
import { loadSsh2, SshTunnelAgent } from './ssh-tunnel-agent.js';
import { TransportSetupError } from './transport-errors.js';

/*
 * An ssh engine as the docker CLI reaches it: the CLI runs `ssh` (cli/connhelper/ssh), so what
 * the person's ssh would do is what this does: ~/.ssh/config's HostName, User, Port,
 * IdentityFile, IdentityAgent, UserKnownHostsFile and HostKeyAlias for the host; the ssh agent;
 * the default keys; and the host key checked against known_hosts (the user's and the system's),
 * never accepted unseen. What ssh could do and this cannot (ProxyJump, ProxyCommand) is said
 * plainly rather than tried some other way.
 */

export interface SshClientInput {
  /** The known_hosts to check against; default: ssh's (~/.ssh/known_hosts, /etc/ssh/...). */
  knownHostsPath?: string | null;
  /** Where ~/.ssh is (config, default keys, known_hosts); default the user's home. */
  homeDir?: string;
  /** The ssh agent's socket; default IdentityAgent, else SSH_AUTH_SOCK; null offers no agent. */
  sshAuthSock?: string | null;
  /** ssh's client config; default ~/.ssh/config; null reads none. */
  sshConfigPath?: string | null;
}

// ssh's default identities (ssh_config(5) IdentityFile) that ssh2 can use, in ssh's order.
const defaultIdentities = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
// ssh2 1.x's host key algorithms (lib/protocol/constants.js SUPPORTED_SERVER_HOST_KEY).
const supportedHostKeys = new Set([
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
  'ssh-dss',
]);

/** Where and how to log in, once ~/.ssh/config has had its say. */
interface SshPlan {
  host: string;
  port: number;
  user: string;
  /** The name known_hosts lists the host under (HostKeyAlias, else host and port). */
  keyName: { host: string; port: number };
  identityFiles: string[];
  /** Whether the identity files were named (source or config), not ssh's defaults. */
  named: boolean;
  agent: string | null;
  knownHosts: string[];
}

/** The agent options for an ssh endpoint; throws TransportSetupError. */
export function sshTransport(
  endpoint: EngineEndpoint,
  options: SshClientInput,
): { host: string; agent: SshTunnelAgent } {
  const ssh = endpoint.ssh;
  if (ssh === null) throw new TransportSetupError(`${endpoint.host} names no ssh host`);
  const plan = sshPlan(endpoint, ssh, options);
  const keys = identities(plan, ssh.identity);
  if (plan.agent === null && keys.length === 0) {
    throw new TransportSetupError(
      `there is no ssh key to log in with: no ssh agent (SSH_AUTH_SOCK is not set) and none of ` +
        `${plan.identityFiles.join(', ')} can be used; start ssh-agent and ssh-add the key, or ` +
        "name the key file as this engine's identity",
    );
  }
  const { user } = plan;
  const auth: AnyAuthMethod[] = [
    ...(plan.agent === null ? [] : [{ type: 'agent' as const, username: user, agent: plan.agent }]),
    ...keys.map((key) => ({ type: 'publickey' as const, username: user, key: key.parsed })),
  ];
  const known = plan.knownHosts.map(readKnownHosts);
  const algorithms = knownHostKeyAlgorithms(
    known.flatMap((file) => file.entries),
    plan.keyName.host,
    plan.keyName.port,
  ).filter((name): name is ServerHostKeyAlgorithm => supportedHostKeys.has(name));
  const agent = new SshTunnelAgent({
    connect: {
      host: plan.host,
      port: plan.port,
      username: user,
      authHandler: auth,
      readyTimeout: 20_000,
      keepaliveInterval: 15_000,
      ...(algorithms.length > 0 ? { algorithms: { serverHostKey: algorithms } } : {}),
    },
    checkHostKey: (key) => hostKeyProblem(key, plan, known),
    offered: [
      ...(plan.agent === null ? [] : ["the ssh agent's keys"]),
      ...keys.map((key) => key.path),
    ].join(', '),
    label: `${user}@${plan.host}:${plan.port}`,
    socketPath: ssh.socketPath,
  });
  return { host: 'localhost', agent };
}

function sshPlan(endpoint: EngineEndpoint, ssh: EngineSsh, options: SshClientInput): SshPlan {
  const home = options.homeDir ?? homedir();
  const configPath =
    options.sshConfigPath === undefined ? join(home, '.ssh', 'config') : options.sshConfigPath;
  const config = hostConfig(configPath, ssh.host);
  const one = (name: string): string | null => {
    const value = config[name];
    return typeof value === 'string' ? value : (value?.[0] ?? null);
  };
  const many = (name: string): string[] | null => {
    const value = config[name];
    return value === undefined ? null : [value].flat().flatMap((path) => path.split(/\s+/));
  };
  const proxy = one('proxyjump') ?? one('proxycommand');
  if (proxy !== null && proxy.toLowerCase() !== 'none') {
    throw new TransportSetupError(
      `${configPath} reaches ${ssh.host} through a ProxyJump or ProxyCommand, which the ` +
        'dashboard does not follow: run it on a host that reaches the engine directly, or name ' +
        'the engine by an address it can reach',
    );
  }
  const host = (one('hostname') ?? ssh.host).replaceAll('%h', ssh.host);
  // Ports and users written in the address win over the config, as ssh's -p and -l do.
  const portGiven = new URL(endpoint.host).port !== '';
  const port = portGiven ? ssh.port : Number(one('port') ?? ssh.port);
  const user = ssh.user ?? one('user') ?? userInfo().username;
  const expand = (path: string) =>
    path
      .replace(/^~(?=\/|$)/, home)
      .replaceAll('%d', home)
      .replaceAll('%u', userInfo().username)
      .replaceAll('%r', user)
      .replaceAll('%h', host);
  const configured = many('identityfile')?.map(expand) ?? null;
  const identityAgent = one('identityagent');
  let agent: string | null;
  if (options.sshAuthSock !== undefined) agent = options.sshAuthSock;
  else if (identityAgent === null || identityAgent === 'SSH_AUTH_SOCK')
    agent = process.env.SSH_AUTH_SOCK || null;
  else agent = identityAgent.toLowerCase() === 'none' ? null : expand(identityAgent);
  const alias = one('hostkeyalias');
  const userFiles = many('userknownhostsfile')?.filter((path) => path !== 'none') ?? [
    '~/.ssh/known_hosts',
    '~/.ssh/known_hosts2',
  ];
  const systemFiles = many('globalknownhostsfile')?.filter((path) => path !== 'none') ?? [
    '/etc/ssh/ssh_known_hosts',
    '/etc/ssh/ssh_known_hosts2',
  ];
  const knownHosts =
    options.knownHostsPath != null
      ? [options.knownHostsPath]
      : [...userFiles, ...systemFiles].map(expand);
  return {
    host,
    port,
    user,
    keyName: alias === null ? { host, port } : { host: alias, port: 22 },
    identityFiles: configured ?? defaultIdentities.map((name) => join(home, '.ssh', name)),
    named: configured !== null,
    agent,
    knownHosts,
  };
}

/** ~/.ssh/config's settings for this host (Match exec not run: no commands from a config). */
function hostConfig(path: string | null, host: string): Record<string, string | string[]> {
  if (path === null || !existsSync(path)) return {};
  try {
    return SSHConfig.parse(readFileSync(path, 'utf8')).compute(host, {
      ignoreCase: true,
      matchExec: false,
    });
  } catch (error) {
    throw new TransportSetupError(`${path} cannot be read (${(error as Error).message})`);
  }
}

interface Identity {
  path: string;
  parsed: ParsedKey;
}

/**
 * The key files to offer: the source's identity (it must be there and usable), then those ssh
 * would offer: the config's IdentityFile or ssh's defaults, each that is there and not
 * protected by a passphrase (ssh would ask for it; here the agent is the way to use such a key).
 */
function identities(plan: SshPlan, sourceIdentity: string | null): Identity[] {
  const found: Identity[] = [];
  if (sourceIdentity !== null) {
    const parsed = parseKeyFile(sourceIdentity);
    if (typeof parsed === 'string') {
      throw new TransportSetupError(`its ssh identity file ${sourceIdentity} ${parsed}`);
    }
    found.push({ path: sourceIdentity, parsed });
  }
  for (const path of plan.identityFiles) {
    if (path === sourceIdentity || !existsSync(path)) continue;
    const parsed = parseKeyFile(path);
    if (typeof parsed !== 'string') found.push({ path, parsed });
  }
  return found;
}

/** The parsed private key, or why it cannot be used (never the key's contents). */
function parseKeyFile(path: string): ParsedKey | string {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`;
  }
  const parsed = loadSsh2().utils.parseKey(data);
  if (parsed instanceof Error) {
    return /passphrase|encrypted/i.test(parsed.message)
      ? `is protected by a passphrase: add it to the ssh agent (ssh-add ${path}) instead`
      : 'is not a private key ssh can use';
  }
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
  return key.isPrivateKey() ? key : 'is a public key; name the private key file';
}

interface KnownHostsFile {
  path: string;
  entries: KnownHostEntry[];
  missing: boolean;
}

function readKnownHosts(path: string): KnownHostsFile {
  try {
    return { path, entries: parseKnownHosts(readFileSync(path, 'utf8')), missing: false };
  } catch {
    return { path, entries: [], missing: true };
  }
}

/** null when a known_hosts file trusts the key; else what is wrong and the command to settle it. */
function hostKeyProblem(key: Buffer, plan: SshPlan, files: KnownHostsFile[]): string | null {
  const { host, port } = plan.keyName;
  const verdicts = files.map((file) => ({
    file,
    verdict: verifyHostKey(file.entries, host, port, key),
  }));
  if (verdicts.some(({ verdict }) => verdict.kind === 'known')) return null;
  const where = `${plan.host}:${plan.port}`;
  const sshPort = plan.port === 22 ? '' : ` -p ${plan.port}`;
  const login = `ssh${sshPort} ${plan.user}@${plan.host}`;
  const presented = fingerprint(key);
  for (const { file, verdict } of verdicts) {
    if (verdict.kind === 'revoked') {
      return `the ssh host key of ${where} (${presented}) is marked @revoked in ${file.path} (line ${verdict.line})`;
    }
    if (verdict.kind === 'changed') {
      return (
        `the ssh host key of ${where} (${presented}) is not the one ${file.path} has for it ` +
        `(line ${verdict.line}): the host was reinstalled, or another machine answers at its ` +
        `address; if the change is expected, run "ssh-keygen -f ${file.path} -R ` +
        `'${knownHostName(host, port)}'" and then "${login}" once`
      );
    }
  }
  const first = files[0];
  const path = first?.path ?? '~/.ssh/known_hosts';
  return (
    `the ssh host key of ${where} (${presented}) is not in ${path}` +
    `${first?.missing === true ? ' (no such file)' : ''}, so the host cannot be trusted; if that ` +
    `is its key, add it once: run "${login}" and accept it, or ` +
    `"ssh-keyscan${sshPort} ${plan.host} >> ${path}"`
  );
}
