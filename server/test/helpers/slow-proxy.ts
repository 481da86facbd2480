import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/*
 * A TCP proxy on the loopback that passes a registry's answers on at a set rate: a pull through
 * it runs for seconds, so a test can watch its progress and cancel it half-way. Nothing is
 * changed in the bytes; requests go through at full speed.
 */

export interface SlowProxy {
  /** 127.0.0.1:port: use it as the registry's host. */
  host: string;
  close(): Promise<void>;
}

export async function startSlowProxy(target: string, bytesPerSecond: number): Promise<SlowProxy> {
  const [targetHost = '127.0.0.1', targetPort = '0'] = target.split(':');
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(targetPort), targetHost);
    sockets.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      // Waits as long as the chunk takes at the set rate before reading more.
      upstream.pause();
      setTimeout(() => upstream.resume(), (chunk.length / bytesPerSecond) * 1000);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
