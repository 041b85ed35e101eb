// What the call session waits for before it dials SignalWire (docs/adr/0053): the call log's first answer
// to the create. Accepted when the API took it, or when the API could not be reached and the outbox keeps
// the write for later (a call is never held up by the log being offline); refused when a call live in this
// browser holds the user's open call, or when the destination policy refuses the number.
import t from 'tap';
import { createApiClient } from '../../src/api/index.js';
import { callLogActions, CallLogOutbox, createCallOwnership, memoryOutbox } from '../../src/call-log/index.js';
import type { DialerEvent } from '../../src/machine/types.js';
import { createFakeApiServer, type FakeApiServer } from '../fakes/fake-api-server.js';

const T0 = '2026-03-01T12:00:00.000Z';
let n = 0;
const sid = () => `20000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const startCall = (clientSessionId: string) => ({
  clientSessionId,
  direction: 'outbound' as const,
  number: '+12025550100',
  status: 'dialing' as const,
  startedAt: T0
});

function setup(t: { teardown(fn: () => void): void }, server: FakeApiServer, channelName = `actions-${Math.random()}`) {
  const ownership = createCallOwnership({ channelName, waitMs: 100 });
  const outbox = new CallLogOutbox({
    api: createApiClient({ apiBase: 'http://api.test', fetch: server.fetch }),
    storage: memoryOutbox(),
    ownership,
    retryDelaysMs: [60_000]
  });
  t.teardown(() => {
    outbox.stop();
    ownership.close();
  });
  const sent: DialerEvent[] = [];
  const actions = callLogActions(outbox);
  const create = (clientSessionId: string) => actions.logCreate({ self: { send: (event) => sent.push(event) } }, startCall(clientSessionId));
  return { actions, create, sent, outbox };
}

/** Which of a promise's outcomes came first within `ms`: its value, or 'pending'. */
const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);

t.test('accepted only once the API answered the create; the call id reaches the machine too', async (t) => {
  const server = createFakeApiServer();
  let answer!: () => void;
  server.holds['/api/telephony/calls'] = new Promise<void>((resolve) => (answer = resolve));
  const { actions, create, sent } = setup(t, server);
  const s = sid();
  create(s);
  t.equal(await within(actions.accepted(s), 100), 'pending', 'not accepted while the create is unanswered');
  answer();
  t.equal(await actions.accepted(s), true);
  t.match(sent, [{ type: 'LOG.CREATED', clientSessionId: s }]);
});

t.test('the API unreachable: accepted at once, the write kept for later', async (t) => {
  const server = createFakeApiServer();
  server.down = true;
  const { actions, create, sent, outbox } = setup(t, server);
  const s = sid();
  create(s);
  t.equal(await within(actions.accepted(s), 1_000), true, 'the call goes on while the log is offline');
  t.equal(outbox.pending(), 1, 'the create waits in the outbox');
  t.same(sent, [], 'no answer from the API yet');
});

t.test('a call live in another tab: refused, and the machine is told', async (t) => {
  const server = createFakeApiServer();
  const live = server.seed({ number: '+12025550199', status: 'connected', startedAt: T0 });
  const channelName = `actions-tabs-${Math.random()}`;
  const otherTab = createCallOwnership({ channelName });
  otherTab.claim(live.id);
  t.teardown(() => otherTab.close());
  const { actions, create, sent } = setup(t, server, channelName);
  const s = sid();
  create(s);
  t.equal(await actions.accepted(s), false);
  t.match(sent, [{ type: 'LOG.CONFLICT_LIVE', clientSessionId: s, openCallId: live.id }]);
  t.equal(server.calls.find((c) => c.id === live.id)!.status, 'connected', 'the live call is untouched');
});

t.test('a session that was never created is not held up', async (t) => {
  const { actions } = setup(t, createFakeApiServer());
  t.equal(await actions.accepted('unknown'), true);
});

t.test("a number the destination policy refuses: never dialled, the machine told the policy's own words", async (t) => {
  const server = createFakeApiServer();
  server.refusedNumbers.add('+12025550100');
  const { actions, create, sent, outbox } = setup(t, server);
  const s = sid();
  create(s);
  t.equal(await within(actions.accepted(s), 1_000), false, 'the call session must not dial');
  t.same(sent, [
    {
      type: 'LOG.REFUSED',
      clientSessionId: s,
      error: { code: 'DIAL_POLICY', message: 'Calls to premium-rate numbers are not allowed here (DIAL_REFUSED_NUMBER_TYPES)' }
    }
  ]);
  t.equal(outbox.pending(), 0, 'the refused create is not retried');
  t.same(server.calls, [], 'nothing was logged');
});

t.test('a create refused for another reason (a 400 without a policy) still lets the call go on, as before', async (t) => {
  const server = createFakeApiServer();
  const badRequest: typeof fetch = async () =>
    new Response(
      JSON.stringify({
        error: {
          code: 'VALIDATION_FAILED',
          message: 'body.metadata: too large',
          details: { issues: [{ field: 'body.metadata', message: 'too large' }] },
          requestId: 'r'
        }
      }),
      {
        status: 400,
        headers: { 'content-type': 'application/json' }
      }
    );
  const { actions, create, sent } = setup(t, { ...server, fetch: badRequest });
  const s = sid();
  create(s);
  t.equal(await within(actions.accepted(s), 1_000), true);
  t.same(sent, []);
});
