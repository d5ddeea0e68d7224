/**
 * A TCP relay in front of a service, that a test can cut and restore: the network between one
 * instance and Redis failing while every other instance keeps its link.
 */
import net from 'node:net';

export interface TcpCut {
  readonly port: number;
  /** Drops every relayed connection and refuses new ones until {@link restore}. */
  cut(): void;
  restore(): void;
  close(): void;
}

export async function tcpCut(targetPort: number): Promise<TcpCut> {
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dropAll = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () => {
      open = false;
      dropAll();
    },
    restore: () => {
      open = true;
    },
    close: () => {
      dropAll();
      server.close();
    },
  };
}
