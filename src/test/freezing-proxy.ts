// A TCP proxy between a test and a real server that can fall silent, as a network that drops packets
// or a stuck proxy does: while frozen it keeps every connection open, accepts new ones, and forwards
// nothing in either direction (what was sent meanwhile is lost, as on such a network).
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface FreezingProxy {
  /** The proxy's own port on 127.0.0.1. */
  port: number;
  /** Connections taken so far (the client's pool opening a new one shows here). */
  readonly accepted: number;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startFreezingProxy(target: { host: string; port: number }): Promise<FreezingProxy> {
  let frozen = false;
  let accepted = 0;
  const sockets = new Set<Socket>();
  const server = createServer((inbound) => {
    accepted++;
    const outbound = connect(target.port, target.host);
    for (const [from, to] of [[inbound, outbound], [outbound, inbound]] as const) {
      sockets.add(from);
      from.on('data', (chunk) => {
        if (!frozen) to.write(chunk);
      });
      from.on('error', () => undefined);
      from.on('close', () => {
        sockets.delete(from);
        to.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
