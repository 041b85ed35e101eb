import { once } from 'node:events';
import net, { type AddressInfo, type Socket } from 'node:net';
import t from 'tap';
import { startTcpFaultProxy, targetOf } from '../src/tcp-fault-proxy.js';

/** The fault proxy the reliability tests rely on: it must pass bytes untouched and fail exactly as told. */

async function startEcho() {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function connect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends `text` and resolves with what comes back within `ms` (empty if nothing). */
function roundTrip(socket: Socket, text: string, ms = 300): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString();
      if (received.length >= text.length) finish();
    };
    const timer = setTimeout(() => finish(), ms);
    const finish = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      resolve(received);
    };
    socket.on('data', onData);
    socket.write(text);
  });
}

const closedSoon = (socket: Socket) => (socket.destroyed ? Promise.resolve() : once(socket, 'close').then(() => undefined));

t.test('passes bytes both ways, drops open connections on demand, and keeps accepting new ones', async (t) => {
  const echo = await startEcho();
  t.teardown(() => echo.close());
  const proxy = await startTcpFaultProxy({ target: { host: '127.0.0.1', port: echo.port } });
  t.teardown(() => proxy.close());
  const first = await connect(proxy.port);
  first.on('error', () => undefined);
  t.equal(await roundTrip(first, 'hello'), 'hello', 'bytes go through and come back');
  t.equal(proxy.stats().open, 1, 'one connection open');
  proxy.drop();
  await closedSoon(first);
  t.ok(first.destroyed, 'the open connection was closed');
  const second = await connect(proxy.port);
  t.equal(await roundTrip(second, 'again'), 'again', 'a new connection goes through');
  second.destroy();
  t.match(proxy.stats(), { accepted: 2, destroyed: 1 }, 'counted');
});

t.test('cut: open connections die, new ones are refused, and restore brings the same port back', async (t) => {
  const echo = await startEcho();
  t.teardown(() => echo.close());
  const proxy = await startTcpFaultProxy({ target: { host: '127.0.0.1', port: echo.port } });
  t.teardown(() => proxy.close());
  const open = await connect(proxy.port);
  open.on('error', () => undefined);
  await proxy.cut();
  await closedSoon(open);
  t.equal(proxy.mode, 'cut', 'the proxy says it is cut');
  await t.rejects(connect(proxy.port), { code: 'ECONNREFUSED' }, 'refused, as by a stopped server');
  await proxy.restore();
  const back = await connect(proxy.port);
  t.equal(await roundTrip(back, 'back'), 'back', 'the same address works again');
  back.destroy();
});

t.test('stall: connections open and nothing comes back until restore ends them', async (t) => {
  const echo = await startEcho();
  t.teardown(() => echo.close());
  const proxy = await startTcpFaultProxy({ target: { host: '127.0.0.1', port: echo.port } });
  t.teardown(() => proxy.close());
  await proxy.stall();
  const hung = await connect(proxy.port);
  hung.on('error', () => undefined);
  t.equal(await roundTrip(hung, 'anyone?', 500), '', 'no answer');
  t.match(proxy.stats(), { stalled: 1, accepted: 0 }, 'counted as stalled, never piped');
  await proxy.restore();
  await closedSoon(hung);
  t.ok(hung.destroyed, 'the hung connection ends when the link is restored');
  const fresh = await connect(proxy.port);
  t.equal(await roundTrip(fresh, 'ok'), 'ok', 'and new ones go through again');
  fresh.destroy();
});

t.test('rewrite and targetOf keep everything but the address', async (t) => {
  const echo = await startEcho();
  t.teardown(() => echo.close());
  const proxy = await startTcpFaultProxy({ target: { host: '127.0.0.1', port: echo.port } });
  t.teardown(() => proxy.close());
  t.equal(proxy.rewrite('postgres://postgres@127.0.0.1:5432/sw_test_1?x=1'), `postgres://postgres@127.0.0.1:${proxy.port}/sw_test_1?x=1`, 'a database URL');
  t.equal(proxy.rewrite('ws://127.0.0.1:7450'), `ws://127.0.0.1:${proxy.port}`, 'a relay host, no slash added');
  t.equal(proxy.rewrite('http://127.0.0.1:7450/'), `http://127.0.0.1:${proxy.port}/`, 'a REST base, slash kept');
  t.same(targetOf('postgres://postgres@127.0.0.1/db'), { host: '127.0.0.1', port: 5432 }, 'the default PostgreSQL port');
  t.same(targetOf('ws://[::1]:7450'), { host: '::1', port: 7450 }, 'an IPv6 host');
});
