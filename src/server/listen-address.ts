import { isIP } from 'node:net';

/** `server.listen` split into what Node's listen() takes. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** "127.0.0.1:8080", "0.0.0.0:8080", "localhost:0", "[::1]:8080" → host and port. */
export function parseListen(listen: string): ListenAddress {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(listen);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65_535) throw new Error(`server.listen must be host:port (e.g. 127.0.0.1:8080), got '${listen}'`);
  return { host: m[1] ?? m[2] ?? '', port };
}

/**
 * Only addresses that other machines cannot reach count as loopback. A host name other than
 * `localhost` may resolve anywhere, so it is treated as reachable (a token is then required).
 */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}
