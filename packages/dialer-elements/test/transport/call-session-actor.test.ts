// The session actor's quality readings: taken on an interval from the transport's stats while the
// session runs, turned into TRANSPORT.QUALITY events (per-interval loss), and stopped with the session.
import t from 'tap';
import { createActor, setup, sendTo } from 'xstate';
import type { CallSessionInput, SessionCommand, TransportEvent } from '../../src/transport/transport-events.js';
import { estimateMos } from '../../src/quality/call-quality.js';
import { callSessionActor } from '../../src/transport/call-session-actor.js';
import type { CallTransport } from '../../src/transport/call-transport.js';

function transportWithStats(reports: Array<Map<string, Record<string, unknown>> | null>) {
  let reads = 0;
  let hungUp = false;
  const transport: CallTransport = {
    name: 'stats',
    supported: () => true,
    listDevices: async () => ({ inputs: [], outputs: [] }),
    setInputDevice: async () => undefined,
    setOutputDevice: async () => undefined,
    dial: () => ({
      hangup: () => {
        hungUp = true;
      },
      sendDigits: async () => undefined,
      hold: async () => undefined,
      unhold: async () => undefined,
      mute: async () => undefined,
      unmute: async () => undefined,
      updateToken: async () => undefined,
      getStats: async () => (reports[reads++] ?? null) as unknown as RTCStatsReport | null
    })
  };
  return { transport, reads: () => reads, hungUp: () => hungUp };
}

/** A parent that runs the session actor and records what it sends back. */
function run(transport: CallTransport, qualityIntervalMs: number) {
  const seen: TransportEvent[] = [];
  const parent = setup({
    types: { events: {} as TransportEvent | { type: 'STOP' } | SessionCommand },
    actors: { session: callSessionActor(transport, { qualityIntervalMs }) }
  }).createMachine({
    initial: 'on',
    states: {
      on: {
        invoke: {
          id: 'session',
          src: 'session',
          input: { number: '+12025550100', token: { token: 't', expiresAt: '2030-01-01T00:00:00Z' }, clientSessionId: 'session-1' } satisfies CallSessionInput
        },
        on: {
          'TRANSPORT.QUALITY': { actions: ({ event }) => seen.push(event) },
          STOP: 'off',
          MUTE: { actions: sendTo('session', { type: 'MUTE' }) }
        }
      },
      off: {}
    }
  });
  const actor = createActor(parent);
  actor.start();
  return { actor, seen };
}

const inbound = (packetsReceived: number, packetsLost: number, jitter: number) =>
  new Map<string, Record<string, unknown>>([['in', { type: 'inbound-rtp', kind: 'audio', packetsReceived, packetsLost, jitter }]]);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('readings every interval become TRANSPORT.QUALITY events; a reading with no audio is skipped', async (t) => {
  const stats = transportWithStats([inbound(100, 0, 0.004), inbound(100, 0, 0.004), inbound(190, 10, 0.012), null]);
  const { actor, seen } = run(stats.transport, 20);
  // Conditions, not fixed sleeps: a busy machine may run the interval late.
  for (let i = 0; i < 200 && stats.reads() < 4; i++) await wait(10);
  t.equal(stats.reads(), 4);
  await wait(5);
  t.same(
    seen.map((e) => (e.type === 'TRANSPORT.QUALITY' ? e.quality : null)),
    [
      { jitterMs: 4, packetLossPct: 0, rttMs: null, mos: estimateMos(4, 0, null) },
      // 90 received and 10 lost since the first reading: 10% of this interval.
      { jitterMs: 12, packetLossPct: 10, rttMs: null, mos: estimateMos(12, 10, null) }
    ],
    'the second reading had no new packets (held): no event'
  );
  actor.send({ type: 'STOP' });
  t.equal(stats.hungUp(), true, 'stopping the session hangs up');
  const reads = stats.reads();
  await wait(80);
  t.equal(stats.reads(), reads, 'no reading after the session stopped');
});

t.test('a transport without stats is never asked', async (t) => {
  const stats = transportWithStats([]);
  const transport: CallTransport = {
    ...stats.transport,
    dial: (request, emit) => {
      const { getStats: _omitted, ...call } = stats.transport.dial(request, emit);
      return call;
    }
  };
  const { actor, seen } = run(transport, 10);
  await wait(60);
  t.same(seen, []);
  actor.send({ type: 'STOP' });
});

t.test('with `accepted`: dials only once the call log accepted the call, never when it refused it', async (t) => {
  for (const verdict of [true, false]) {
    let dials = 0;
    let decide!: (accepted: boolean) => void;
    const asked: string[] = [];
    const { transport } = transportWithStats([]);
    const counting: CallTransport = { ...transport, dial: (request, emit) => (dials++, transport.dial(request, emit)) };
    const parent = setup({
      actors: {
        session: callSessionActor(counting, {
          accepted: (clientSessionId) => {
            asked.push(clientSessionId);
            return new Promise<boolean>((resolve) => (decide = resolve));
          }
        })
      }
    }).createMachine({
      invoke: {
        id: 'session',
        src: 'session',
        input: { number: '+12025550100', token: { token: 't', expiresAt: '2030-01-01T00:00:00Z' }, clientSessionId: 'session-2' }
      }
    });
    const actor = createActor(parent);
    actor.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    t.same(asked, ['session-2'], 'the call log is asked about this call');
    t.equal(dials, 0, 'nothing dialled while the log has not answered');
    decide(verdict);
    await new Promise((resolve) => setTimeout(resolve, 20));
    t.equal(dials, verdict ? 1 : 0, verdict ? 'dialled once accepted' : 'never dialled when refused');
    actor.stop();
  }
});

t.test('with `accepted`: stopped before the answer (the call was cancelled), it never dials', async (t) => {
  let dials = 0;
  let decide!: (accepted: boolean) => void;
  const { transport } = transportWithStats([]);
  const parent = setup({
    actors: {
      session: callSessionActor(
        { ...transport, dial: (request, emit) => (dials++, transport.dial(request, emit)) },
        { accepted: () => new Promise<boolean>((resolve) => (decide = resolve)) }
      )
    }
  }).createMachine({
    invoke: {
      id: 'session',
      src: 'session',
      input: { number: '+12025550100', token: { token: 't', expiresAt: '2030-01-01T00:00:00Z' }, clientSessionId: 'session-3' }
    }
  });
  const actor = createActor(parent);
  actor.start();
  actor.stop();
  decide(true);
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.equal(dials, 0);
});
