import t from 'tap';
import { SCENARIO_PEOPLE, startSwitchFreeEmulator, type WirePresence } from '../src/switchfree/index.js';

const API_KEY = 'sf-test-key-presence';
const emulator = await startSwitchFreeEmulator({ apiKey: API_KEY, presenceChangeIntervalMs: 0, heartbeatMs: 100 });
t.teardown(() => emulator.close());

const json = { 'content-type': 'application/json' };
const setPresence = (number: string, status: string) =>
  fetch(`${emulator.url}/__emulator/presence/${number}`, { method: 'PUT', headers: json, body: JSON.stringify({ status }) });
const query = async (url: string, numbers: string[]) => {
  const response = await fetch(`${url}/v1/presence/query`, { method: 'POST', headers: { ...json, 'x-api-key': API_KEY }, body: JSON.stringify({ numbers }) });
  return (await response.json()) as { presence: WirePresence[] };
};

/** Reads an SSE response as raw blocks (separated by a blank line), without a client library. */
async function openStream(numbers: string[], headers: Record<string, string> = { 'x-api-key': API_KEY }) {
  const controller = new AbortController();
  const response = await fetch(`${emulator.url}/v1/presence/stream?${new URLSearchParams({ numbers: numbers.join(',') })}`, {
    headers,
    signal: controller.signal
  });
  const blocks: string[] = [];
  const waiters: Array<() => void> = [];
  let ended = false;
  const pump = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      // The DOM lib types ReadableStream without async iteration; Node 20 implements it.
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let split: number;
        while ((split = buffer.indexOf('\n\n')) !== -1) {
          blocks.push(buffer.slice(0, split));
          buffer = buffer.slice(split + 2);
          waiters.splice(0).forEach((wake) => wake());
        }
      }
    } catch {
      // aborted by the test
    }
    ended = true;
    waiters.splice(0).forEach((wake) => wake());
  })();
  return {
    response,
    blocks,
    get ended() {
      return ended;
    },
    /** Resolves with the first block matching, or rejects after `ms`. */
    async next(predicate: (block: string) => boolean, ms: number): Promise<string> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = blocks.find(predicate);
        if (found) return found;
        if (ended) throw new Error('stream ended');
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('timed out waiting for an event');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async close() {
      controller.abort();
      await pump;
    }
  };
}

const presenceEvents = (blocks: string[]) =>
  blocks
    .filter((block) => block.startsWith('event: presence'))
    .map(
      (block) =>
        JSON.parse(
          block
            .split('\n')
            .find((line) => line.startsWith('data: '))!
            .slice(6)
        ) as WirePresence
    );

t.beforeEach(async () => {
  await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });
});

t.test('query answers known numbers in SwitchFree vocabulary and omits unknown ones', async (t) => {
  const body = await query(emulator.url, ['+12025550100', '+12025550101', '+12025550105', '+19995550100']);
  t.same(
    body.presence.map((item) => [item.number, item.state]),
    [
      ['+12025550100', 'online'],
      ['+12025550101', 'busy'],
      ['+12025550105', 'dnd']
    ]
  );
  for (const item of body.presence) t.ok(!Number.isNaN(Date.parse(item.last_activity_at as string)), 'last_activity_at is a timestamp');
});

t.test("the control API sets presence, in our vocabulary or SwitchFree's", async (t) => {
  const response = await setPresence('+12025550100', 'away');
  t.equal(response.status, 200);
  t.match(await response.json(), { number: '+12025550100', state: 'away' });
  t.equal((await query(emulator.url, ['+12025550100'])).presence[0]?.state, 'away');
  await setPresence('+12025550100', 'available');
  t.equal((await query(emulator.url, ['+12025550100'])).presence[0]?.state, 'online', "available is SwitchFree's online");
  await setPresence('+19995550123', 'busy');
  t.equal((await query(emulator.url, ['+19995550123'])).presence[0]?.state, 'busy', 'any number can be given a presence');
});

t.test('a stream delivers a change of a subscribed number in well under a second, and nothing else', async (t) => {
  const stream = await openStream(['+12025550100', '+12025550106']);
  t.teardown(() => stream.close());
  t.equal(stream.response.status, 200);
  t.match(stream.response.headers.get('content-type'), /^text\/event-stream/);
  const started = performance.now();
  await setPresence('+12025550101', 'offline'); // not subscribed
  await setPresence('+12025550106', 'busy');
  const block = await stream.next((text) => text.startsWith('event: presence'), 1_000);
  t.ok(performance.now() - started < 1_000, 'arrived within a second');
  t.match(block, /^event: presence\nid: \d+\ndata: /);
  t.same(
    presenceEvents(stream.blocks).map((item) => [item.number, item.state]),
    [['+12025550106', 'busy']]
  );
});

t.test('streams send heartbeat comments', async (t) => {
  const stream = await openStream(['+12025550100']);
  t.teardown(() => stream.close());
  await stream.next((text) => text === ': heartbeat', 1_000);
  t.pass('heartbeat received');
});

t.test('streams need the key, and valid numbers', async (t) => {
  const noKey = await fetch(`${emulator.url}/v1/presence/stream?numbers=%2B12025550100`);
  t.equal(noKey.status, 401);
  const bad = await fetch(`${emulator.url}/v1/presence/stream?numbers=12025550100`, { headers: { 'x-api-key': API_KEY } });
  t.equal(bad.status, 400);
});

t.test('going down ends open streams and refuses new ones', async (t) => {
  const stream = await openStream(['+12025550100']);
  t.teardown(() => stream.close());
  await fetch(`${emulator.url}/__emulator/mode`, { method: 'PUT', headers: json, body: JSON.stringify({ mode: 'down' }) });
  await t.rejects(
    stream.next(() => false, 1_000),
    /stream ended/
  );
  const refused = await fetch(`${emulator.url}/v1/presence/stream?numbers=%2B12025550100`, { headers: { 'x-api-key': API_KEY } });
  t.equal(refused.status, 503);
  const stats = (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as { openStreams: number };
  t.equal(stats.openStreams, 0);
});

t.test('scheduled changes move unpinned people and leave scenario numbers alone', async (t) => {
  const busy = await startSwitchFreeEmulator({ apiKey: API_KEY, presenceChangeIntervalMs: 20 });
  t.teardown(() => busy.close());
  const { numbers } = (await (await fetch(`${busy.url}/__emulator/contacts`)).json()) as { numbers: string[] };
  const generated = numbers.filter((number) => !SCENARIO_PEOPLE.some((person) => person.number === number)).slice(0, 100);
  const scenario = SCENARIO_PEOPLE.map((person) => person.number);
  const before = await query(busy.url, [...generated]);
  const scenarioBefore = await query(busy.url, scenario);
  await new Promise((resolve) => setTimeout(resolve, 600));
  const after = await query(busy.url, [...generated]);
  const changed = after.presence.filter((item, index) => item.state !== before.presence[index]?.state);
  t.ok(changed.length > 0, `some presence changed (${changed.length})`);
  t.same(
    (await query(busy.url, scenario)).presence.map((item) => item.state),
    scenarioBefore.presence.map((item) => item.state),
    'scenario numbers are pinned'
  );
});
