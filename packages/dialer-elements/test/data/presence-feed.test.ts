import t from 'tap';
import { readEvents, watchPresence } from '../../src/data/presence-feed.js';
import type { Presence } from '@sw-dialer/shared-types';

const presence = (status: Presence['status']): Presence => ({
  number: '+12025550100',
  available: status === 'available',
  status,
  lastSeenAt: null,
  degraded: false
});

function streamOf(chunks: string[]) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    }
  });
}

t.test('readEvents: fields split across chunks, CRLF, comments, multi-line data', async (t) => {
  const seen: Array<[string, string]> = [];
  await readEvents(streamOf([': heartbeat\n\nevent: pres', 'ence\r\ndata: {"a":1}\r\n\r\n', 'data: line1\ndata: line2\n\n']), (event, data) =>
    seen.push([event, data])
  );
  t.same(seen, [
    ['presence', '{"a":1}'],
    ['message', 'line1\nline2']
  ]);
});

t.test('watchPresence: a snapshot, then every valid event; malformed ones are skipped', async (t) => {
  const got: string[] = [];
  const stop = watchPresence(
    {
      presence: async () => presence('away'),
      presenceStream: async () =>
        streamOf([
          `event: presence\ndata: ${JSON.stringify(presence('busy'))}\n\n`,
          'event: presence\ndata: {broken\n\n',
          `event: presence\ndata: ${JSON.stringify(presence('available'))}\n\n`
        ])
    },
    ['+12025550100'],
    (p) => got.push(p.status),
    { reconnectMs: 60_000 }
  );
  await new Promise((resolve) => setTimeout(resolve, 30));
  stop();
  t.same([...got].sort(), ['available', 'away', 'busy']);
  t.equal(got.indexOf('busy') < got.indexOf('available'), true, 'events in order');
});

t.test('watchPresence: polls when the stream cannot be opened', async (t) => {
  let polls = 0;
  const got: string[] = [];
  const stop = watchPresence(
    {
      presence: async () => {
        polls += 1;
        return presence(polls === 1 ? 'offline' : 'available');
      },
      presenceStream: async () => {
        throw new Error('404');
      }
    },
    ['+12025550100'],
    (p) => got.push(p.status),
    { pollMs: 10 }
  );
  await new Promise((resolve) => setTimeout(resolve, 60));
  stop();
  const after = polls;
  await new Promise((resolve) => setTimeout(resolve, 40));
  t.ok(after >= 3, `polled ${after} times`);
  t.equal(polls, after, 'stop() stops polling');
  t.same(got.slice(0, 2), ['offline', 'available']);
});
