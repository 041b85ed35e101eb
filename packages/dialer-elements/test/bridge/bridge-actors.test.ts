// The bridge actors against a stand-in API: the request sent again only when it got no answer (the API
// keys it on clientSessionId), a 409 handled like the outbox does, and the call log read until it closes.
import t from 'tap';
import { createActor, setup, type AnyActorLogic } from 'xstate';
import type { CallLog, PatchCallBody } from '@sw-dialer/shared-types';
import { ApiError, NetworkError } from '../../src/api/api-error.js';
import type { CallOwnership } from '../../src/call-log/call-ownership.js';
import type { BridgeEvent } from '../../src/machine/types.js';
import { bridgeActors } from '../../src/bridge/bridge-actors.js';
import { bridgeRow } from '../machine/harness.js';

const input = { number: '+12025550100', agentNumber: '+12025550199', clientSessionId: '00000000-0000-4000-8000-0000000000aa' };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function ownership(live: string[] = []): Pick<CallOwnership, 'isLive'> {
  return { isLive: async (id) => live.includes(id) };
}

function api(answers: Array<{ id: string } | Error>, reads: Array<CallLog | Error> = [], hangups: Array<CallLog | Error> = []) {
  const sent: unknown[] = [];
  const patches: Array<{ id: string; body: PatchCallBody }> = [];
  const hungUp: string[] = [];
  let read = 0;
  return {
    sent,
    patches,
    hungUp,
    reads: () => read,
    client: {
      hangupCall: async (id: string) => {
        hungUp.push(id);
        const answer = hangups[hungUp.length - 1] ?? new Error('no more answers');
        if (answer instanceof Error) throw answer;
        return answer;
      },
      bridgeCall: async (body: unknown) => {
        sent.push(body);
        const answer = answers[sent.length - 1] ?? new Error('no more answers');
        if (answer instanceof Error) throw answer;
        return { ...answer, created: true };
      },
      patchCall: async (id: string, body: PatchCallBody) => {
        patches.push({ id, body });
        return bridgeRow(id);
      },
      getCall: async (id: string) => {
        const next = reads[Math.min(read, reads.length - 1)] ?? bridgeRow(id);
        read += 1;
        if (next instanceof Error) throw next;
        return next;
      }
    }
  };
}

async function place(actors: ReturnType<typeof bridgeActors>) {
  const actor = createActor(actors.placeBridgeCall as AnyActorLogic, { input });
  const done = new Promise<unknown>((resolve, reject) => actor.subscribe({ complete: () => resolve(actor.getSnapshot().output), error: reject }));
  actor.start();
  return done;
}

t.test('places the call; a request that got no answer is sent again, identical', async (t) => {
  const a = api([new NetworkError(), { id: 'call-1' }]);
  t.same(await place(bridgeActors(a.client, ownership(), { retryDelaysMs: [5] })), { id: 'call-1' });
  t.same(a.sent, [input, input], 'same clientSessionId: the API answers the replay without ringing again');
});

t.test('an answer is final: a 503 (the API closed the row) is not sent again', async (t) => {
  const a = api([new ApiError(503, 'UPSTREAM_UNAVAILABLE', 'SignalWire could not place the call; try again shortly')]);
  const error = await place(bridgeActors(a.client, ownership(), { retryDelaysMs: [5] })).catch((e: unknown) => e);
  t.match(error, { status: 503, code: 'UPSTREAM_UNAVAILABLE' });
  t.equal(a.sent.length, 1);
});

t.test('409: a call no tab carries is closed as abandoned and the request sent again; a live one refuses this call', async (t) => {
  const conflict = () => new ApiError(409, 'CONFLICT', 'another call is still open', { openCallId: 'stale-1' });
  const a = api([conflict(), { id: 'call-2' }]);
  t.same(await place(bridgeActors(a.client, ownership(), { now: () => Date.parse('2026-03-01T12:00:00Z') })), { id: 'call-2' });
  t.same(a.patches, [{ id: 'stale-1', body: { status: 'failed', endReason: 'abandoned', endedAt: '2026-03-01T12:00:00.000Z' } }]);

  const b = api([conflict()]);
  const error = await place(bridgeActors(b.client, ownership(['stale-1']))).catch((e: unknown) => e);
  t.match(error, { code: 'CALL_IN_OTHER_TAB', openCallId: 'stale-1' });
  t.same(b.patches, [], 'a live call is never touched');
});

t.test('follows the call log until it is closed, through failed reads, and stops when told', async (t) => {
  const id = 'call-3';
  const a = api(
    [],
    [
      bridgeRow(id),
      new NetworkError(),
      { ...bridgeRow(id), status: 'ringing' },
      { ...bridgeRow(id), status: 'connected' },
      { ...bridgeRow(id), status: 'ended', endReason: 'remote-hangup' }
    ]
  );
  const seen: string[] = [];
  const parent = setup({ actors: { follow: bridgeActors(a.client, ownership(), { pollMs: 5, retryDelaysMs: [5] }).followBridgeCall } }).createMachine({
    invoke: { src: 'follow', input: { callId: id } },
    on: { 'BRIDGE.STATUS': { actions: ({ event }) => seen.push((event as BridgeEvent).call.status) } }
  });
  const actor = createActor(parent);
  actor.start();
  for (let i = 0; i < 300 && !seen.includes('ended'); i++) await wait(5);
  t.same(seen, ['dialing', 'ringing', 'connected', 'ended'], 'a failed read is skipped, not reported');
  const reads = a.reads();
  await wait(50);
  t.equal(a.reads(), reads, 'no read after the call closed');
  actor.stop();

  const b = api([], [bridgeRow(id)]);
  const stopper = createActor(
    setup({ actors: { follow: bridgeActors(b.client, ownership(), { pollMs: 5 }).followBridgeCall } }).createMachine({
      invoke: { src: 'follow', input: { callId: id } }
    })
  );
  stopper.start();
  await wait(30);
  stopper.stop();
  const stoppedAt = b.reads();
  t.ok(stoppedAt >= 2, 'read again and again while open');
  await wait(50);
  t.equal(b.reads(), stoppedAt, 'stopping the actor stops the reads');
});

async function end(actors: ReturnType<typeof bridgeActors>, callId: string) {
  const actor = createActor(actors.endBridgeCall as AnyActorLogic, { input: { callId } });
  const done = new Promise<unknown>((resolve, reject) => actor.subscribe({ complete: () => resolve(actor.getSnapshot().output), error: reject }));
  actor.start();
  return done;
}

t.test('End: the API ends the call and answers its closed log; a 409 (over already) answers with the log as it is now', async (t) => {
  const id = 'call-4';
  const closed = { ...bridgeRow(id), status: 'ended' as const, endReason: 'local-hangup' as const };
  const a = api([], [], [closed]);
  t.same(await end(bridgeActors(a.client, ownership()), id), closed);
  t.same(a.hungUp, [id]);
  t.equal(a.reads(), 0, 'the answer is the log: nothing else is read');

  const remote = { ...bridgeRow(id), status: 'ended' as const, endReason: 'remote-hangup' as const };
  const b = api([], [remote], [new ApiError(409, 'CONFLICT', 'the call has already ended')]);
  t.same(await end(bridgeActors(b.client, ownership()), id), remote, 'the far end hung up first: its end stands');
  t.equal(b.reads(), 1);

  const c = api([], [], [new ApiError(503, 'UPSTREAM_UNAVAILABLE', 'SignalWire could not end the call; hang up on your phone')]);
  const error = await end(bridgeActors(c.client, ownership()), id).catch((e: unknown) => e);
  t.match(error, { status: 503, code: 'UPSTREAM_UNAVAILABLE' }, 'any other answer is reported: the call may still be up');
  t.equal(c.reads(), 0);
});
