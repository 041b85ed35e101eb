import t from 'tap';
import { launchChromium } from '../browser.js';
import { startStackThroughProxy } from './stack-through-proxy.js';
import { WidgetAgent, callRows, farEndCalls, sleep, waitUntil, type Ended } from './widget-agent.js';

/**
 * PostgreSQL unavailable for 20 s while calls are active and ending, seen from the real widget: the API
 * reaches the database through a fault proxy that is cut (docs/adr/0041), three agents in three browser
 * contexts keep calling, and the widget's outbox must bring every call log in exactly once when the
 * database is back: calls that were up before the outage and ended during it, a call that started and
 * ended inside it, and a second call queued behind the first in one agent's outbox.
 */
const OUTAGE_MS = 20_000;
const { stack, proxy } = await startStackThroughProxy('database');
const browser = await launchChromium();
t.teardown(() => browser.close());
const [a, b, c] = (await Promise.all(['outage-agent-a', 'outage-agent-b', 'outage-agent-c'].map((user) => WidgetAgent.open(browser, stack, user)))) as [
  WidgetAgent,
  WidgetAgent,
  WidgetAgent
];
const agents = [a, b, c];

// What the API answered to the widgets' call-log writes, and writes that got no answer at all.
const writeAnswers: Array<{ at: number; method: string; status: number }> = [];
const writesUnanswered: string[] = [];
for (const agent of agents) {
  agent.page.on('response', (response) => {
    if (response.url().includes('/api/telephony/calls')) writeAnswers.push({ at: Date.now(), method: response.request().method(), status: response.status() });
  });
  agent.page.on('requestfailed', (request) => {
    if (request.url().includes('/api/telephony/calls')) writesUnanswered.push(`${request.method()} ${request.failure()?.errorText}`);
  });
}

t.test('a 20 s database outage while calls are up, ending and starting: every call logged exactly once', async (t) => {
  const first = await a.dial('+12025550150');
  const second = await b.dial('+12025550151');
  await Promise.all([a.waitForState('connected'), b.waitForState('connected')]);
  // Both calls' opening writes are in, so nothing is in flight when the link goes.
  await Promise.all([a.waitForWritesDelivered("A's opening writes to be acknowledged"), b.waitForWritesDelivered("B's opening writes to be acknowledged")]);

  await proxy.cut();
  const cutAt = Date.now();
  const ends: Array<Promise<Ended>> = [];

  await sleep(2_000);
  await a.hangup(); // up before the outage, ends during it
  ends.push(a.waitForEnd(first));
  const third = await c.dial('+12025550106'); // starts during the outage; the far end hangs up after 3 s
  ends.push(c.waitForEnd(third));
  await a.waitForState('ended');
  const fourth = await a.dial('+12025550152'); // queued behind the first call's closing write
  await a.waitForState('connected');
  await sleep(2_000);
  await a.hangup();
  ends.push(a.waitForEnd(fourth));
  await sleep(Math.max(0, 12_000 - (Date.now() - cutAt)));
  await b.hangup();
  ends.push(b.waitForEnd(second));
  const [endA1, endC, endA2, endB] = (await Promise.all(ends)) as [Ended, Ended, Ended, Ended];
  const pendingDuringOutage = await Promise.all(agents.map((agent) => agent.pendingWrites()));
  t.ok(
    pendingDuringOutage.every((pending) => pending > 0),
    `every widget holds its writes while the database is away (${pendingDuringOutage.join(', ')})`
  );
  const failedDuringOutage = writeAnswers.filter((answer) => answer.at >= cutAt && answer.status >= 500);
  t.ok(
    failedDuringOutage.length > 0,
    `the API refused the writes while the database was away: ${[...new Set(failedDuringOutage.map((answer) => `${answer.method} ${answer.status}`))].join(', ')}`
  );

  // Twenty seconds, or longer if the calls took longer to end on a busy machine: they all end inside it.
  await sleep(Math.max(0, OUTAGE_MS - (Date.now() - cutAt)));
  await proxy.restore();
  const restoredAt = Date.now();
  t.comment(`the database was away for ${((restoredAt - cutAt) / 1000).toFixed(1)} s`);
  // The outbox retries on its own schedule (1, 2, 5, 10, 30 s): the last write may wait up to 30 s more.
  await waitUntil(
    async () => (await Promise.all(agents.map((agent) => agent.pendingWrites()))).every((pending) => pending === 0),
    'every outbox to drain',
    45_000
  );
  t.comment(`every outbox drained ${((Date.now() - restoredAt) / 1000).toFixed(1)} s after the database came back`);

  t.match(endA1, { status: 'ended', endReason: 'local-hangup' }, 'A: the call up before the outage ended as hung up');
  t.match(endA2, { status: 'ended', endReason: 'local-hangup' }, 'A: the second call ended as hung up');
  t.match(endB, { status: 'ended', endReason: 'local-hangup' }, 'B: ended as hung up');
  t.match(endC, { status: 'ended', endReason: 'remote-hangup' }, 'C: the far end hung up');

  const rows = await callRows(
    stack,
    agents.map((agent) => agent.userId)
  );
  t.equal(rows.length, 4, 'four calls, four rows');
  t.equal(new Set(rows.map((row) => `${row.user_id}/${row.client_session_id}`)).size, 4, 'each call once');
  const far = await farEndCalls(stack);
  const expected: Array<[WidgetAgent, string, Ended]> = [
    [a, '+12025550150', endA1],
    [b, '+12025550151', endB],
    [c, '+12025550106', endC],
    [a, '+12025550152', endA2]
  ];
  for (const [agent, number, ended] of expected) {
    const matching = rows.filter((row) => row.user_id === agent.userId && row.number === number);
    t.equal(matching.length, 1, `${number}: one row`);
    const row = matching[0] as Record<string, any>;
    t.match(
      row,
      { status: ended.status, end_reason: ended.endReason, duration_ms: ended.durationMs },
      `${number}: the row holds what the widget saw (${ended.status}, ${ended.endReason}, ${ended.durationMs} ms)`
    );
    if (ended.callId) t.equal(row.id, ended.callId, `${number}: the id the widget was given`);
    const farCall = far.filter((call) => call.to === number).pop() as Record<string, any>;
    const farDuration = Date.parse(farCall.endedAt) - Date.parse(farCall.answeredAt);
    t.ok(Math.abs(row.duration_ms - farDuration) <= 250, `${number}: logged ${row.duration_ms} ms, the far end ${farDuration} ms`);
  }
  t.same(writesUnanswered, [], 'every write got an answer from the API (none hung, none was cut off)');
  for (const agent of agents) t.same(agent.pageErrors, [], `${agent.userId}: no page errors`);
});
