// A TCP relay on loopback between a client and a server (Redis, in the store tests), that a test can
// switch to fail the way networks fail: refusing (every connection reset), or a black hole
// (connections accepted, nothing ever answered, nothing closed). Switched back to forwarding, it
// resets what it held, as the broken path would, and relays new connections again.
import { connect, createServer, type Server, type Socket } from 'node:net';

type Mode = 'forward' | 'refuse' | 'blackhole';

export interface TcpRelay {
  /** host:port to connect to instead of the server's. */
  host: string;
  port: number;
  setMode(mode: Mode): void;
  close(): Promise<void>;
}

export async function startTcpRelay(
  target: { host: string; port: number } | undefined,
  mode: Mode = 'forward',
): Promise<TcpRelay> {
  let current = mode;
  const pairs = new Set<{ client: Socket; upstream: Socket | undefined }>();
  const holdInBlackHole = (client: Socket) => {
    const pair = { client, upstream: undefined };
    pairs.add(pair);
    client.on('data', () => undefined);
    client.on('error', () => undefined);
    client.on('close', () => pairs.delete(pair));
  };
  const server: Server = createServer((client) => {
    if (current === 'refuse') return void client.resetAndDestroy();
    if (current === 'blackhole' || !target) return holdInBlackHole(client);
    const upstream = connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    client.pipe(upstream).pipe(client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the relay has no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    setMode(next) {
      const previous = current;
      current = next;
      for (const pair of [...pairs]) {
        if (next === 'refuse' || (next === 'forward' && previous === 'blackhole')) {
          pair.client.resetAndDestroy();
          pair.upstream?.destroy();
          pairs.delete(pair);
        } else if (next === 'blackhole' && pair.upstream) {
          // Nothing through in either direction any more, and nothing closed.
          pair.client.unpipe(pair.upstream);
          pair.upstream.unpipe(pair.client);
          pair.upstream
            .removeAllListeners('close')
            .removeAllListeners('error')
            .on('error', () => undefined);
          pair.upstream.destroy();
          pair.client.removeAllListeners('close').removeAllListeners('error');
          pairs.delete(pair);
          holdInBlackHole(pair.client);
        }
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) {
          pair.client.destroy();
          pair.upstream?.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
