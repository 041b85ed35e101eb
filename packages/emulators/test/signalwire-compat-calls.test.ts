import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { basicAuth, controlCall, PROJECT_ID, setScenario, startEmulator, waitFor } from './fixtures/signalwire-helpers.js';

const emulator = await startEmulator({ ringTimeoutMs: 1500 });
t.teardown(() => emulator.close());

const callsUrl = `${emulator.url}/api/laml/2010-04-01/Accounts/${PROJECT_ID}/Calls`;

interface CompatCall {
  sid: string;
  status: string;
  to: string;
  from: string;
  duration: string | null;
  start_time: string | null;
  end_time: string | null;
  direction: string;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function create(to: string, extra: Record<string, string> = {}, authorization = basicAuth()) {
  return fetch(`${callsUrl}.json`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ To: to, From: '+15005550006', Url: 'https://example.test/connect', ...extra })
  });
}

async function fetchCall(sid: string): Promise<CompatCall> {
  const response = await fetch(`${callsUrl}/${sid}.json`, { headers: { authorization: basicAuth() } });
  return (await response.json()) as CompatCall;
}

async function statusesOf(sid: string, until: (status: string) => boolean, timeoutMs = 6000): Promise<string[]> {
  const seen: string[] = [];
  await waitFor(
    `call ${sid} to settle`,
    async () => {
      const { status } = await fetchCall(sid);
      if (seen.at(-1) !== status) seen.push(status);
      return until(status) ? true : undefined;
    },
    timeoutMs
  );
  return seen;
}

const terminal = (status: string) => ['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(status);

t.before(async () => {
  await setScenario(emulator, '+12025550100', { outcome: 'answer', ringMs: 300 });
  await setScenario(emulator, '+12025550105', { outcome: 'declined', ringMs: 300 });
  await setScenario(emulator, '+12025550106', { outcome: 'answer', ringMs: 300, hangupAfterMs: 500 });
});

t.test('create answers 201 queued, Twilio-shaped', async (t) => {
  const response = await create('+12025550100');
  t.equal(response.status, 201);
  const call = (await response.json()) as CompatCall;
  t.match(call, { sid: String, status: 'queued', to: '+12025550100', from: '+15005550006', direction: 'outbound-api', duration: null, end_time: null });
  const seen = await statusesOf(call.sid, (s) => s === 'in-progress');
  t.same(
    seen.filter((s) => s !== 'queued'),
    ['ringing', 'in-progress']
  );
  // End it from the client side.
  const ended = await fetch(`${callsUrl}/${call.sid}.json`, {
    method: 'POST',
    headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ Status: 'completed' })
  });
  t.equal(ended.status, 200);
  const body = (await ended.json()) as CompatCall;
  t.equal(body.status, 'completed');
  t.equal(body.duration, '0');
  t.type(body.end_time, 'string');
  const record = await controlCall(emulator, call.sid);
  t.match(record, { channel: 'compat', cause: 'NORMAL_CLEARING', hangupBy: 'caller', state: 'completed' });
});

const outcomes: Array<[string, string, string]> = [
  ['+12025550101', 'busy', 'USER_BUSY'],
  ['+12025550102', 'no-answer', 'NO_ANSWER'],
  ['+12025550103', 'failed', 'UNALLOCATED_NUMBER'],
  ['+12025550104', 'failed', 'NETWORK_OUT_OF_ORDER'],
  ['+12025550105', 'busy', 'CALL_REJECTED'],
  ['+12025550106', 'completed', 'NORMAL_CLEARING']
];
for (const [to, status, cause] of outcomes) {
  t.test(`${to} ends ${status}`, async (t) => {
    const call = (await (await create(to)).json()) as CompatCall;
    const seen = await statusesOf(call.sid, terminal);
    t.equal(seen.at(-1), status);
    if (status === 'completed') t.ok(seen.includes('in-progress'), 'was answered first');
    else t.notOk(seen.includes('in-progress'), 'never answered');
    const record = await controlCall(emulator, call.sid);
    t.equal(record?.cause, cause);
    t.equal(record?.hangupBy, 'callee');
  });
}

t.test('Timeout shorter than the ring: no-answer', async (t) => {
  await setScenario(emulator, '+14155550199', { outcome: 'answer', ringMs: 5000 });
  const started = Date.now();
  const call = (await (await create('+14155550199', { Timeout: '1' })).json()) as CompatCall;
  const seen = await statusesOf(call.sid, terminal);
  t.equal(seen.at(-1), 'no-answer');
  t.ok(Date.now() - started < 3000, 'ended by the caller timeout, not the ring');
});

t.test('canceling while it rings: canceled, never answered; canceled has no effect once answered', async (t) => {
  await setScenario(emulator, '+14155550100', { outcome: 'answer', ringMs: 800 });
  const call = (await (await create('+14155550100')).json()) as CompatCall;
  await statusesOf(call.sid, (s) => s === 'ringing');
  const canceled = await fetch(`${callsUrl}/${call.sid}.json`, {
    method: 'POST',
    headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ Status: 'canceled' })
  });
  t.equal(((await canceled.json()) as CompatCall).status, 'canceled');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  t.equal((await fetchCall(call.sid)).status, 'canceled', 'still canceled after the ring time');
  t.match(await controlCall(emulator, call.sid), { cause: 'ORIGINATOR_CANCEL', causeCode: 487, hangupBy: 'caller', answeredAt: null });

  const answered = (await (await create('+12025550100')).json()) as CompatCall;
  await statusesOf(answered.sid, (s) => s === 'in-progress');
  const ignored = await fetch(`${callsUrl}/${answered.sid}.json`, {
    method: 'POST',
    headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ Status: 'canceled' })
  });
  t.equal(((await ignored.json()) as CompatCall).status, 'in-progress');
  await fetch(`${callsUrl}/${answered.sid}.json`, {
    method: 'POST',
    headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ Status: 'completed' })
  });
});

t.test('status callbacks are posted as forms', async (t) => {
  const received: Array<Record<string, string>> = [];
  const sink = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push(Object.fromEntries(new URLSearchParams(body)));
      response.end();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => sink.close(() => resolve())));
  const port = (sink.address() as AddressInfo).port;
  const call = (await (
    await create('+12025550106', { StatusCallback: `http://127.0.0.1:${port}/cb`, StatusCallbackEvent: 'initiated ringing answered completed' })
  ).json()) as CompatCall;
  await waitFor('completed callback', () => (received.some((r) => r['CallStatus'] === 'completed') ? true : undefined), 5000);
  t.same(
    received.map((r) => r['CallStatus']),
    ['queued', 'ringing', 'in-progress', 'completed']
  );
  t.ok(received.every((r) => r['CallSid'] === call.sid));
  t.equal(received.at(-1)?.['CallDuration'], '1');
});

t.test('errors: auth, validation, unknown sid, other account', async (t) => {
  t.equal((await create('+12025550100', {}, basicAuth('x', 'y'))).status, 401);
  const badTo = await create('12345');
  t.equal(badTo.status, 400);
  t.match(await badTo.json(), { code: 21211, status: 400 });
  const noUrl = await fetch(`${callsUrl}.json`, {
    method: 'POST',
    headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ To: '+12025550100', From: '+15005550006' })
  });
  t.equal(noUrl.status, 400);
  t.equal((await fetch(`${callsUrl}/nope.json`, { headers: { authorization: basicAuth() } })).status, 404);
  const other = await fetch(`${emulator.url}/api/laml/2010-04-01/Accounts/other/Calls.json`, {
    method: 'POST',
    headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ To: '+12025550100', From: '+1', Url: 'https://x.test' })
  });
  t.equal(other.status, 404);
  const call = (await (await create('+12025550100')).json()) as CompatCall;
  const badStatus = await fetch(`${callsUrl}/${call.sid}.json`, {
    method: 'POST',
    headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ Status: 'paused' })
  });
  t.equal(badStatus.status, 400);
  await fetch(`${callsUrl}/${call.sid}.json`, {
    method: 'POST',
    headers: { authorization: basicAuth(), 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ Status: 'canceled' })
  });
});
