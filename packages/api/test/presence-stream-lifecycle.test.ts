import net, { type AddressInfo } from 'node:net';
import t from 'tap';
import { startSwitchFreeEmulator } from '../../emulators/src/switchfree/index.js';
import { buildTestApp } from './helpers/build-test-app.js';
import { startTcpFaultProxy, targetOf } from '@sw-dialer/test-support/tcp-fault-proxy';

/**
 * Issue 14, items 6 and 10. A presence stream whose client hung up while it was opening stayed counted
 * against the per-user cap of 10 for good (its hub subscription and heartbeat timer too): with Redis in
 * the path, after 35 dropped opens only 9 streams could open. And a stream closed by its client wrote no
 * request log line. Here clients hang up abruptly at each stage of opening, the Redis rate limiter in the path.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const API_KEY = 'test-switchfree-key';
const NUMBER = '+12025550100';

const emulator = await startSwitchFreeEmulator({ apiKey: API_KEY, port: 0, presenceChangeIntervalMs: 0 });
t.teardown(() => emulator.close());
const setMode = (mode: string, latencyMs = 0) =>
  fetch(`${emulator.url}/__emulator/mode`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode, latencyMs }) });

const redisProxy = await startTcpFaultProxy({ target: targetOf(REDIS_URL) });
t.teardown(() => redisProxy.close());
const { app, authHeader, logs } = await buildTestApp(t, {
  redisUrl: redisProxy.rewrite(REDIS_URL),
  rateLimit: { max: 10_000, timeWindowMs: 60_000 },
  switchfree: { baseUrl: emulator.url, apiKey: API_KEY, timeoutMs: 2000 }
});
await app.listen({ host: '127.0.0.1', port: 0 });
const { port } = app.server.address() as AddressInfo;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rawRequest(userId: string): string {
  return `GET /api/telephony/presence/stream?numbers=${encodeURIComponent(NUMBER)} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authHeader(userId).authorization}\r\n\r\n`;
}

/** Sends a stream request and destroys the socket (no FIN handshake) when `hangUp` says so. */
async function openAndDrop(userId: string, hangUp: (socket: net.Socket, received: () => string) => Promise<unknown>): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString()));
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(rawRequest(userId));
  await hangUp(socket, () => text);
  socket.resetAndDestroy();
}

/** Waits until `check` holds, up to `ms`. */
async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** What each attempt of the last `openableStreams` answered, for the failure message. */
let lastAttempts: string[] = [];

/** Opens streams for `userId` until one is refused: how many the cap still lets through, all closed after. */
async function openableStreams(userId: string): Promise<number> {
  const controllers: AbortController[] = [];
  // Kept referenced until the end: fetch cancels the body of a response that is garbage-collected, which
  // would close a stream under the test.
  const responses: Response[] = [];
  let opened = 0;
  lastAttempts = [];
  try {
    for (let i = 0; i < 11; i += 1) {
      const controller = new AbortController();
      const response = await fetch(`http://127.0.0.1:${port}/api/telephony/presence/stream?numbers=${encodeURIComponent(NUMBER)}`, {
        headers: authHeader(userId),
        signal: controller.signal
      });
      lastAttempts.push(String(response.status));
      responses.push(response);
      if (response.status !== 200) {
        await response.body?.cancel();
        break;
      }
      controllers.push(controller);
      opened += 1;
    }
  } finally {
    for (const controller of controllers) controller.abort();
    responses.length = 0;
  }
  return opened;
}

const streamLines = (userId: string) =>
  logs
    .map((line) => JSON.parse(line))
    .filter((line) => line.msg === 'request completed' && line.action === 'presence.stream' && line.statusCode === 200 && line.userId === userId);

t.beforeEach(async () => {
  await redisProxy.restore();
  await setMode('normal');
});

t.test('hung up while the Redis rate limiter waits (before the handler runs): nothing stays counted', async (t) => {
  const user = 'drop-in-rate-limiter';
  await redisProxy.freeze();
  // The rate limiter's Redis command now waits for its socket timeout (1 s) before letting the request pass.
  for (let i = 0; i < 3; i += 1) await openAndDrop(user, () => sleep(300));
  await sleep(1500);
  await redisProxy.restore();
  t.equal(app.presenceHub.subscribedNumbers, 0, 'no hub subscription was left behind');
  t.equal(await openableStreams(user), 10, 'all 10 streams can still open', { attempts: lastAttempts });
});

t.test('hung up while the starting presence is looked up (SwitchFree slow)', async (t) => {
  const user = 'drop-in-lookup';
  await setMode('slow', 600);
  for (let i = 0; i < 3; i += 1) await openAndDrop(user, () => sleep(250));
  await setMode('normal');
  await sleep(900);
  t.equal(app.presenceHub.subscribedNumbers, 0);
  t.equal(await openableStreams(user), 10, 'the cap lets exactly 10 open', { attempts: lastAttempts });
});

t.test('hung up once the stream has started', async (t) => {
  const user = 'drop-after-open';
  for (let i = 0; i < 3; i += 1) await openAndDrop(user, async (_socket, received) => void (await until(() => received().includes('event: presence'), 3000)));
  t.ok(await until(() => app.presenceHub.subscribedNumbers === 0, 2000), 'the subscriptions end with the streams');
  t.equal(await openableStreams(user), 10, 'the cap lets exactly 10 open', { attempts: lastAttempts });
});

t.test('35 opens dropped at every moment from 0 to 34 ms, Redis counting: the cap is intact', async (t) => {
  const user = 'drop-anywhere';
  await Promise.all(Array.from({ length: 35 }, (_, i) => openAndDrop(user, () => sleep(i))));
  await sleep(1000);
  t.ok(await until(() => app.presenceHub.subscribedNumbers === 0, 2000), 'no subscription left');
  t.equal(await openableStreams(user), 10, 'the cap lets exactly 10 open', { attempts: lastAttempts });
});

t.test('a stream closed by its client writes its request line (item 10)', async (t) => {
  const user = 'logged-close';
  await openAndDrop(user, async (_socket, received) => void (await until(() => received().includes('event: presence'), 3000)));
  t.ok(await until(() => streamLines(user).length === 1, 2000), 'one line when the stream closes');
  const [line] = streamLines(user);
  t.match(line, { statusCode: 200, outcome: 'ok', method: 'GET', closedBy: 'client' });
  t.type(line.responseTimeMs, 'number');
  t.notMatch(line.url, /2025550100/, 'the number in its URL is masked like any other');
  t.equal(await openableStreams(user), 10, 'the cap lets exactly 10 open', { attempts: lastAttempts });
  t.ok(await until(() => streamLines(user).length === 11, 2000), 'and one for each of the ten streams closed after');
});
