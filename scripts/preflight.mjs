#!/usr/bin/env node
// Before the tests: say plainly what this machine lacks, instead of failing deep in a test.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const problems = [];
const has = (command) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

if (!has('dockerd')) problems.push('dockerd is missing: sudo apt-get install docker.io');
if (!existsSync('/bin/busybox'))
  problems.push('a static busybox is missing: sudo apt-get install busybox-static');
if (!has('debootstrap')) {
  problems.push(
    'debootstrap is missing (the container test makes its base image with it): sudo apt-get install debootstrap',
  );
}
if (!has('docker-compose')) {
  problems.push(
    'docker-compose is missing (the container test brings the compose file up): sudo apt-get install docker-compose',
  );
}
if (!existsSync(process.env.FOOTPRINT_REGISTRY ?? '/usr/bin/docker-registry')) {
  problems.push(
    'docker-registry is missing (the registry tests serve real registries): sudo apt-get install docker-registry',
  );
}
if (!has('htpasswd') || !has('openssl')) {
  problems.push(
    'htpasswd or openssl is missing (a registry test uses Basic auth behind TLS): sudo apt-get install apache2-utils openssl',
  );
}
if (!has('podman')) {
  problems.push(
    'podman is missing (the engine discovery tests make Podman connections with it): sudo apt-get install --no-install-recommends podman',
  );
}
if (!existsSync(process.env.FOOTPRINT_SSHD ?? '/usr/sbin/sshd')) {
  problems.push(
    'sshd is missing (the ssh engine tests start a private OpenSSH server): sudo apt-get install openssh-server',
  );
}
if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  problems.push('Chromium is missing: sudo apt-get install chromium (or set CHROMIUM_PATH)');
}
// npm ci builds it (server/package.json "install"); without it the tests of the C walker fail.
if (!existsSync(new URL('../server/build/Release/walk_tree.node', import.meta.url))) {
  problems.push(
    'the disk walker addon is not built: sudo apt-get install python3 make g++, then npm rebuild -w server',
  );
}
if (process.getuid?.() !== 0) {
  problems.push(
    'the tests start a private Docker daemon, which needs root: run them as root (sudo -E npm test)',
  );
}

if (problems.length > 0) {
  console.error(
    `The tests cannot run on this machine yet:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  process.exit(1);
}
