import t, { type Test } from 'tap';
import { SCENARIO_PEOPLE, SHARED_MAIN_LINE } from '@sw-dialer/emulators/switchfree';
import { launchChromium } from '../browser.js';
import { startStack } from '../start-stack.js';
import { WidgetAgent, callRows, sleep, waitUntil } from './widget-agent.js';

/**
 * SwitchFree slow, erroring and down (the emulator's own fault controls): calls are still placed from
 * the widget, lookups answer degraded instead of failing, the API's circuit breaker opens and stops
 * calling SwitchFree while it is down, and closes again once SwitchFree is back.
 */
const stack = await startStack();
t.teardown(() => stack.stop());
const browser = await launchChromium();
t.teardown(() => browser.close());
const agent = await WidgetAgent.open(browser, stack, 'switchfree-agent');
const token = await agent.page.evaluate(() => (document.getElementById('dialer') as HTMLElement & { authToken: string }).authToken);
const auth = { authorization: `Bearer ${token}` };

const switchfree = (path: string, init?: RequestInit) => fetch(`${stack.switchfree.url}/__emulator/${path}`, init);
const setMode = async (mode: 'normal' | 'slow' | 'flaky' | 'down', latencyMs?: number) => {
  const response = await switchfree('mode', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode, ...(latencyMs === undefined ? {} : { latencyMs }) })
  });
  if (!response.ok) throw new Error(`mode ${mode}: ${response.status}`);
};
const matchRequests = async () => ((await (await switchfree('stats')).json()) as { byPath: Record<string, number> }).byPath['/v1/contacts/match'] ?? 0;
async function lookup(number: string) {
  const started = Date.now();
  const response = await fetch(`${stack.apiUrl}/api/telephony/contacts?number=${encodeURIComponent(number)}`, { headers: auth });
  const body = (await response.json()) as { items: Array<{ id: string; displayName: string }>; degraded: boolean };
  return { status: response.status, ms: Date.now() - started, ...body };
}
async function switchfreeHealth() {
  const response = await fetch(`${stack.apiUrl}/api/telephony/health`, { headers: auth });
  return ((await response.json()) as { checks: { switchfree: { status: string; message?: string } } }).checks.switchfree;
}

// Seeded people other than the scenario ones: each number is looked up once (no cache hit hides a fault).
const scenario = new Set([...SCENARIO_PEOPLE.map((person) => person.number), SHARED_MAIN_LINE]);
const { numbers } = (await (await switchfree('contacts')).json()) as { numbers: string[] };
const fresh = numbers.filter((number) => !scenario.has(number) && number.startsWith('+1'));
let nextNumber = 0;
const freshNumber = () => {
  const number = fresh[nextNumber++];
  if (!number) throw new Error('ran out of seeded numbers');
  return number;
};

/** A call through the widget, answered and hung up; resolves with the contact the widget resolved. */
async function placeCall(t: Test, number: string) {
  // Timed from before dial(): it resolves only once the widget has waited for the lookup (at most 1 s)
  // and started the call, which is the wait being measured.
  const dialedAt = Date.now();
  const from = await agent.dial(number);
  await agent.waitForState('dialing');
  const dialingAfterMs = Date.now() - dialedAt;
  await agent.waitForState('connected');
  await agent.hangup();
  const ended = await agent.waitForEnd(from);
  t.match(ended, { status: 'ended', endReason: 'local-hangup' }, `the call to ${number} was placed, answered and ended`);
  const resolved = (await agent.page.evaluate(() => (window as unknown as { __resolved?: Array<{ number: string; contact: unknown }> }).__resolved ?? []))
    .filter((event) => event.number === number)
    .pop();
  await waitUntil(
    async () => (await callRows(stack, [agent.userId])).some((row) => row.number === number && row.status === 'ended'),
    `the call log of ${number}`
  );
  const row = (await callRows(stack, [agent.userId])).filter((candidate) => candidate.number === number).pop() as Record<string, any>;
  return { dialingAfterMs, contact: (resolved?.contact ?? null) as { id: string; displayName: string } | null, row };
}

await agent.page.evaluate(() => {
  const resolved: unknown[] = [];
  (window as unknown as { __resolved: unknown[] }).__resolved = resolved;
  document.addEventListener('sw-contact-resolved', (event) => resolved.push((event as CustomEvent).detail));
});

t.test('normal: the contact is resolved and logged with the call', async (t) => {
  const number = freshNumber();
  const call = await placeCall(t, number);
  t.ok(call.contact, `the widget resolved ${number} to ${call.contact?.displayName}`);
  t.equal(call.row.contact_id, call.contact?.id, 'the call log names the contact');
});

t.test('slow (3 s, past the API’s 1 s budget): the call is placed at once, the lookup degraded', async (t) => {
  await setMode('slow', 3_000);
  const number = freshNumber();
  const call = await placeCall(t, number);
  t.ok(call.dialingAfterMs < 3_000, `the dial waited ${call.dialingAfterMs} ms for the lookup, not SwitchFree's 3 s`);
  t.equal(call.contact, null, 'no contact shown');
  t.equal(call.row.contact_id, null, 'the call is logged without one');
  const answer = await lookup(freshNumber());
  t.match(answer, { status: 200, degraded: true, items: [] }, 'a lookup answers degraded');
  t.ok(answer.ms < 2_000, `within the API's budget (${answer.ms} ms)`);
});

t.test('erroring (every second request fails): lookups still answer, calls are placed', async (t) => {
  await setMode('flaky');
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push(await lookup(freshNumber()));
  t.ok(
    answers.every((answer) => answer.status === 200),
    `every lookup answered 200 (${answers.map((answer) => (answer.degraded ? 'degraded' : 'found')).join(', ')})`
  );
  t.ok(
    answers.some((answer) => !answer.degraded && answer.items.length > 0),
    'the requests that got through found their contact'
  );
  t.ok(
    answers.some((answer) => answer.degraded),
    'the failed ones are flagged degraded'
  );
  await placeCall(t, freshNumber());
});

t.test('down: lookups degraded, the breaker opens and stops calling SwitchFree, calls are placed', async (t) => {
  await setMode('down');
  let opened = false;
  for (let i = 0; i < 10 && !opened; i++) {
    const answer = await lookup(freshNumber());
    t.match(answer, { status: 200, degraded: true }, `lookup ${i + 1} answers degraded`);
    opened = (await switchfreeHealth()).message === 'circuit open';
  }
  t.ok(opened, 'health reports the SwitchFree circuit open');
  const before = await matchRequests();
  const fast = [];
  for (let i = 0; i < 3; i++) fast.push(await lookup(freshNumber()));
  t.ok(
    fast.every((answer) => answer.status === 200 && answer.degraded),
    'lookups keep answering degraded'
  );
  t.equal(await matchRequests(), before, 'without calling SwitchFree while the circuit is open');
  const call = await placeCall(t, freshNumber());
  t.equal(call.contact, null, 'the call goes ahead without a contact');
});

t.test('SwitchFree back: the breaker recovers and contacts are found again', async (t) => {
  await setMode('normal');
  const startedAt = Date.now();
  let answer = await lookup(freshNumber());
  // The circuit stays open for its reset time (10 s), then lets one probe through.
  while (answer.degraded && Date.now() - startedAt < 20_000) {
    await sleep(1_000);
    answer = await lookup(freshNumber());
  }
  t.match(answer, { status: 200, degraded: false }, `a lookup is served by SwitchFree again after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  t.ok(answer.items.length > 0, 'and finds its contact');
  t.match(await switchfreeHealth(), { status: 'ok' }, 'health reports SwitchFree ok');
  const call = await placeCall(t, freshNumber());
  t.ok(call.contact, 'the widget resolves contacts again');
  t.equal(call.row.contact_id, call.contact?.id, 'and logs it with the call');
  t.same(agent.pageErrors, [], 'no page errors');
});
