import { once } from 'node:events';
import net, { type AddressInfo, type Socket } from 'node:net';

/**
 * A loopback TCP proxy that tests put between a client and a server (the API and PostgreSQL, the browser
 * and the relay WebSocket, the API and SignalWire's REST API) to fail the link on demand without touching
 * the server itself (docs/adr/0041-fault-injection-by-proxy.md):
 *
 * - `cut()`: the server is gone. Open connections are destroyed and the listening socket is closed, so new
 *   connections are refused (ECONNREFUSED), exactly as when the server process has stopped.
 * - `drop()`: a blip. Open connections are destroyed; new ones go through.
 * - `stall()`: the server hangs (or the network drops packets). New connections are accepted and never
 *   answered; open ones are kept.
 * - `freeze()`: the host hangs with connections open (a frozen VM, a SIGSTOPped server): open connections
 *   stay open and silent (what the client sends is swallowed, nothing comes back), new ones are stalled.
 * - `restore()`: back to normal, on the same port.
 *
 * Bytes are piped untouched. Listens on 127.0.0.1 only.
 */
export interface TcpFaultProxy {
  readonly host: string;
  readonly port: number;
  readonly mode: ProxyMode;
  /** `url` with its host and port replaced by the proxy's (scheme, credentials, path and query kept). */
  rewrite(url: string): string;
  cut(): Promise<void>;
  drop(): void;
  stall(): Promise<void>;
  freeze(): Promise<void>;
  restore(): Promise<void>;
  stats(): ProxyStats;
  close(): Promise<void>;
}

export type ProxyMode = 'pass' | 'cut' | 'stall' | 'freeze';

export interface ProxyStats {
  /** Connections piped to the target since the start. */
  accepted: number;
  /** Connections open now (piped or stalled). */
  open: number;
  /** Connections the proxy destroyed (cut or drop). */
  destroyed: number;
  /** Connections accepted in `stall` mode and never answered. */
  stalled: number;
  /** Open connections `freeze()` silenced. */
  frozen: number;
}

export interface TcpFaultProxyOptions {
  /** Where the traffic goes. */
  target: { host: string; port: number };
  /** 0 (the default) picks a free port. */
  port?: number;
}

/** host:port of a URL such as postgres://user@127.0.0.1:5432/db or ws://127.0.0.1:7450. */
export function targetOf(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  const defaults: Record<string, number> = { 'postgres:': 5432, 'postgresql:': 5432, 'http:': 80, 'ws:': 80, 'https:': 443, 'wss:': 443, 'redis:': 6379 };
  const port = parsed.port ? Number(parsed.port) : defaults[parsed.protocol];
  if (!port) throw new Error(`targetOf: no port in ${parsed.protocol} URL`);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port };
}

const HOST = '127.0.0.1';

export async function startTcpFaultProxy(options: TcpFaultProxyOptions): Promise<TcpFaultProxy> {
  let mode: ProxyMode = 'pass';
  let closed = false;
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  const stalledSockets = new Set<Socket>();
  const stats = { accepted: 0, destroyed: 0, stalled: 0, frozen: 0 };
  const frozenPairs = new Set<{ client: Socket; upstream: Socket }>();

  const onConnection = (client: Socket) => {
    client.on('error', () => undefined);
    if (mode === 'stall' || mode === 'freeze') {
      stats.stalled += 1;
      stalledSockets.add(client);
      client.on('close', () => stalledSockets.delete(client));
      // Read and discard, as a server too busy to answer would leave it in its buffers.
      client.resume();
      return;
    }
    stats.accepted += 1;
    const upstream = net.connect(options.target.port, options.target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    const forget = () => pairs.delete(pair);
    client.on('close', () => {
      upstream.destroy();
      forget();
    });
    upstream.on('close', () => {
      client.destroy();
      forget();
    });
    client.pipe(upstream);
    upstream.pipe(client);
  };

  let server = net.createServer(onConnection);
  server.listen(options.port ?? 0, HOST);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  const destroyAll = () => {
    for (const { client, upstream } of pairs) {
      client.destroy();
      upstream.destroy();
      stats.destroyed += 1;
    }
    pairs.clear();
    for (const socket of stalledSockets) {
      socket.destroy();
      stats.destroyed += 1;
    }
    stalledSockets.clear();
  };

  const closeListener = async () => {
    if (!server.listening) return;
    const done = new Promise<void>((resolve) => server.close(() => resolve()));
    await done;
  };

  const listenAgain = async () => {
    // The port was ours a moment ago; on a busy machine another socket may hold it briefly.
    for (let attempt = 0; ; attempt++) {
      const next = net.createServer(onConnection);
      try {
        next.listen(port, HOST);
        await once(next, 'listening');
        server = next;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };

  return {
    host: HOST,
    port,
    get mode() {
      return mode;
    },
    rewrite(url: string) {
      const parsed = new URL(url);
      parsed.hostname = HOST;
      parsed.port = String(port);
      return parsed.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
    },
    async cut() {
      mode = 'cut';
      destroyAll();
      await closeListener();
    },
    drop() {
      destroyAll();
    },
    async stall() {
      if (closed) throw new Error('the proxy is closed');
      if (!server.listening) await listenAgain();
      mode = 'stall';
    },
    async freeze() {
      if (closed) throw new Error('the proxy is closed');
      if (!server.listening) await listenAgain();
      mode = 'freeze';
      for (const pair of pairs) {
        if (frozenPairs.has(pair)) continue;
        frozenPairs.add(pair);
        stats.frozen += 1;
        pair.client.unpipe(pair.upstream);
        pair.upstream.unpipe(pair.client);
        // The client's bytes are taken (as a hung host's kernel still acknowledges them) and go nowhere.
        pair.client.resume();
        pair.client.removeAllListeners('data');
        pair.client.on('data', () => undefined);
        pair.upstream.pause();
      }
    },
    async restore() {
      if (closed) throw new Error('the proxy is closed');
      if (!server.listening) await listenAgain();
      // Frozen connections lost bytes both ways: they end now, as when the hung host is finally restarted.
      for (const pair of frozenPairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      frozenPairs.clear();
      // Stalled connections never reach the target: their clients see them end now, as when a hung
      // server is finally restarted.
      for (const socket of stalledSockets) socket.destroy();
      stalledSockets.clear();
      mode = 'pass';
    },
    stats: () => ({ ...stats, open: pairs.size + stalledSockets.size }),
    async close() {
      closed = true;
      destroyAll();
      await closeListener();
    }
  };
}
