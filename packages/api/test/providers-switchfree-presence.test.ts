import t, { type Test } from 'tap';
import { startSwitchFreeEmulator } from '../../emulators/src/switchfree/index.js';
import { createSwitchFree, type Presence, type SubscriptionState } from '../src/providers/switchfree/index.js';

const API_KEY = 'sf-key-provider-presence';
const emulator = await startSwitchFreeEmulator({ apiKey: API_KEY, presenceChangeIntervalMs: 0, heartbeatMs: 200 });
const switchFree = createSwitchFree({
  baseUrl: emulator.url,
  apiKey: API_KEY,
  timeoutMs: 500,
  stream: { reconnectMinMs: 50, reconnectMaxMs: 200, idleTimeoutMs: 1_000 }
});
t.teardown(async () => {
  await switchFree.close();
  await emulator.close();
});

const json = { 'content-type': 'application/json' };
const setPresence = (number: string, status: string) =>
  fetch(`${emulator.url}/__emulator/presence/${number}`, { method: 'PUT', headers: json, body: JSON.stringify({ status }) });
const setMode = (mode: string) => fetch(`${emulator.url}/__emulator/mode`, { method: 'PUT', headers: json, body: JSON.stringify({ mode }) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Subscribes and records events and state changes; `waitFor` resolves when a condition holds. */
function record(test: Test, numbers: string[]) {
  const events: Array<Presence & { at: number }> = [];
  const states: SubscriptionState[] = [];
  let notify = () => {};
  const unsubscribe = switchFree.presence.subscribe(
    numbers,
    (presence) => {
      events.push({ ...presence, at: performance.now() });
      notify();
    },
    {
      onStateChange: (state) => {
        states.push(state);
        notify();
      }
    }
  );
  // Ended with the subtest that made it, so each subtest's stream count starts from zero.
  test.teardown(unsubscribe);
  const waitFor = async (condition: () => boolean, ms: number, what: string) => {
    const deadline = performance.now() + ms;
    while (!condition()) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        notify = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  return { events, states, unsubscribe, waitFor };
}

t.beforeEach(async () => {
  await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });
  await switchFree.cacheStore.clear();
});

t.test('getPresence maps SwitchFree states to our vocabulary', async (t) => {
  const answers = await switchFree.presence.getPresence(['+12025550100', '+12025550101', '+12025550102', '+12025550103', '+12025550105', '+19995550100']);
  t.same(
    answers.map((presence) => [presence.number, presence.status, presence.available, presence.degraded]),
    [
      ['+12025550100', 'available', true, false],
      ['+12025550101', 'busy', false, false],
      ['+12025550102', 'away', false, false],
      ['+12025550103', 'offline', false, false],
      ['+12025550105', 'dnd', false, false],
      ['+19995550100', 'unknown', false, false]
    ]
  );
  t.match(answers[0]?.lastSeenAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'ISO 8601 in UTC');
  t.equal(answers[5]?.lastSeenAt, null);
});

t.test('a presence change made through the control API reaches a subscriber in under one second', async (t) => {
  const subscriber = record(t, ['+12025550100', '+12025550106']);
  await subscriber.waitFor(() => subscriber.states.includes('live'), 2_000, 'the stream to be live');
  t.same(subscriber.states.slice(0, 2), ['connecting', 'live']);
  const changedAt = performance.now();
  await setPresence('+12025550101', 'offline'); // somebody else
  await setPresence('+12025550106', 'busy');
  await subscriber.waitFor(() => subscriber.events.length > 0, 1_000, 'the change');
  const event = subscriber.events[0] as Presence & { at: number };
  t.ok(event.at - changedAt < 1_000, `delivered in ${Math.round(event.at - changedAt)} ms`);
  t.match(event, { number: '+12025550106', status: 'busy', available: false, degraded: false });
  t.type(event.lastSeenAt, 'string');
  await sleep(100);
  t.same(
    subscriber.events.map((item) => item.number),
    ['+12025550106'],
    'nothing for numbers not subscribed'
  );
});

t.test('stream events refresh the presence cache', async (t) => {
  const subscriber = record(t, ['+12025550100']);
  t.match(await switchFree.presence.getPresence(['+12025550100']), [{ status: 'available' }]);
  await subscriber.waitFor(() => subscriber.states.includes('live'), 2_000, 'live');
  await setPresence('+12025550100', 'dnd');
  await subscriber.waitFor(() => subscriber.events.length > 0, 1_000, 'the change');
  await sleep(50);
  const before =
    ((await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as { byPath: Record<string, number> }).byPath['POST /v1/presence/query'] ?? 0;
  t.match(await switchFree.presence.getPresence(['+12025550100']), [{ status: 'dnd', degraded: false }], 'the cached value is the new one');
  const after = ((await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as { byPath: Record<string, number> }).byPath['POST /v1/presence/query'] ?? 0;
  t.equal(after, before, 'answered from cache');
});

t.test('after unsubscribing, no more events and the upstream stream is closed', async (t) => {
  const subscriber = record(t, ['+12025550100']);
  await subscriber.waitFor(() => subscriber.states.includes('live'), 2_000, 'live');
  subscriber.unsubscribe();
  t.equal(subscriber.states.at(-1), 'closed');
  await setPresence('+12025550100', 'busy');
  await sleep(300);
  t.same(subscriber.events, []);
  const stats = (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as { openStreams: number };
  t.equal(stats.openStreams, 0);
});

t.test('an outage drops the stream; on recovery it reconnects and delivers what changed meanwhile', async (t) => {
  const subscriber = record(t, ['+12025550100', '+12025550101']);
  await subscriber.waitFor(() => subscriber.states.includes('live'), 2_000, 'live');
  await sleep(100); // let the baseline query land
  await setMode('down');
  await subscriber.waitFor(() => subscriber.states.includes('reconnecting'), 2_000, 'the drop to be noticed');
  // Changed while nobody could hear it:
  await setPresence('+12025550101', 'available');
  await sleep(300);
  await setMode('normal');
  await subscriber.waitFor(() => subscriber.events.some((event) => event.number === '+12025550101'), 3_000, 'the missed change');
  t.equal(subscriber.states.at(-1), 'live');
  t.match(
    subscriber.events.find((event) => event.number === '+12025550101'),
    { status: 'available', available: true }
  );
  t.notOk(
    subscriber.events.some((event) => event.number === '+12025550100'),
    'an unchanged number is not re-announced'
  );
  // And the new stream carries live changes again.
  await setPresence('+12025550100', 'away');
  await subscriber.waitFor(() => subscriber.events.some((event) => event.number === '+12025550100'), 1_000, 'a change after reconnecting');
});

t.test('a listener that throws does not end the subscription', async (t) => {
  const seen: string[] = [];
  let live = false;
  const unsubscribe = switchFree.presence.subscribe(
    ['+12025550104'],
    (presence) => {
      seen.push(presence.status);
      throw new Error('listener bug');
    },
    { onStateChange: (state) => (live ||= state === 'live') }
  );
  t.teardown(unsubscribe);
  while (!live) await sleep(20);
  await setPresence('+12025550104', 'busy');
  await sleep(200);
  await setPresence('+12025550104', 'away');
  await sleep(200);
  t.same(seen, ['busy', 'away']);
});

t.test('subscribe checks its numbers', async (t) => {
  t.throws(() => switchFree.presence.subscribe([], () => {}), TypeError);
  t.throws(() => switchFree.presence.subscribe(['12025550100'], () => {}), TypeError);
  t.throws(
    () =>
      switchFree.presence.subscribe(
        Array.from({ length: 101 }, (_, index) => `+1312555${1000 + index}`),
        () => {}
      ),
    TypeError
  );
});
