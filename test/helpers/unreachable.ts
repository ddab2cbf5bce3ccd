import { createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * Two kinds of unreachable endpoint on loopback: a port nothing listens on (connections are refused) and a
 * black hole (a server that accepts connections and never answers). `close()` drops held sockets.
 */
export interface UnreachableEndpoints {
  readonly refusedPort: number;
  readonly blackHolePort: number;
  close(): Promise<void>;
}

export async function startUnreachableEndpoints(): Promise<UnreachableEndpoints> {
  // A port that was free a moment ago and is closed again: connecting to it is refused.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const refusedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const held: Socket[] = [];
  const blackHole = createServer((socket) => void held.push(socket)); // accepts, never answers
  await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', r));
  const blackHolePort = (blackHole.address() as AddressInfo).port;
  return {
    refusedPort,
    blackHolePort,
    close: async () => {
      for (const s of held) s.destroy();
      await new Promise<void>((r) => blackHole.close(() => r()));
    },
  };
}
