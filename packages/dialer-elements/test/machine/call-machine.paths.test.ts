// Path coverage: xstate/graph walks every reachable machine state; each shortest path is then replayed
// with xstate's pure `transition()` and the call-log writes it produces are checked against the log's
// rules (DESIGN.md "Call vocabulary"): one create at dialing, forward-only patches that track the
// widget state, exactly one closing patch with an end reason and a consistent duration, the worst
// quality readings on that closing patch when there were any; and no write at all from the widget for a
// call through the agent's phone (the API writes that log).
import { canTransition, isTerminalStatus, type CallLog, type CallStatus } from '@sw-dialer/shared-types';
import t from 'tap';
import { initialTransition, transition, type EventFromLogic } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { callMachine, viewOf, widgetStateOf, type DialerSnapshot, type LogCreateParams, type LogPatchParams } from '../../src/machine/index.js';
import { bridgeRow, T0 } from './harness.js';

type Event = EventFromLogic<typeof callMachine>;

let clock = T0;
const input = { now: () => clock, randomUUID: () => '00000000-0000-4000-8000-000000000001' };
const token = { token: 'tok', expiresAt: new Date(T0 + 3_600_000).toISOString() };
const retryAfter = callMachine.getStateNodeById('dialer.call.active.retryWait').after[0]!.eventType;
const bridgeId = '00000000-0000-4000-9000-000000000001';
const bridgeStatus = (status: CallStatus, extra: Partial<CallLog> = {}): Event => ({
  type: 'BRIDGE.STATUS',
  call: { ...bridgeRow(bridgeId), status, ...extra }
});

const events: Event[] = [
  { type: 'DIAL', number: '+12025550100' },
  { type: 'HANGUP' },
  { type: 'RESET' },
  { type: 'MUTE' },
  { type: 'UNMUTE' },
  { type: 'HOLD' },
  { type: 'RESUME' },
  { type: 'SEND_DIGITS', digits: '1' },
  { type: 'xstate.done.actor.authorize', output: token } as unknown as Event,
  { type: 'xstate.error.actor.authorize', error: Object.assign(new Error('offline'), { transient: true }) } as unknown as Event,
  { type: 'xstate.error.actor.authorize', error: Object.assign(new Error('denied'), { transient: false }) } as unknown as Event,
  // A token fetched ahead (docs/adr/0081): its answer or failure may come while a dial waits for it.
  { type: 'PREPARE' },
  { type: 'xstate.done.actor.prefetch', output: token } as unknown as Event,
  { type: 'xstate.error.actor.prefetch', error: Object.assign(new Error('offline'), { transient: true }) } as unknown as Event,
  { type: retryAfter } as unknown as Event,
  { type: 'TRANSPORT.RINGING' },
  { type: 'TRANSPORT.CONNECTED' },
  { type: 'TRANSPORT.ENDED', cause: 'USER_BUSY', causeCode: 17 },
  { type: 'TRANSPORT.ENDED', cause: 'NORMAL_CLEARING', causeCode: 16 },
  { type: 'TRANSPORT.ENDED', sdkReason: 'RECONNECTION_ATTEMPT_TIMEOUT' },
  { type: 'TRANSPORT.FAILED', code: 'NETWORK', message: 'down', retryable: true },
  { type: 'TRANSPORT.FAILED', code: 'MIC_DENIED', message: 'denied', retryable: false },
  { type: 'TRANSPORT.COMMAND_FAILED', command: 'mute', message: 'no' },
  // The SDK losing and getting back its link to SignalWire mid-call (docs/adr/0110).
  { type: 'TRANSPORT.RECONNECTING' },
  { type: 'TRANSPORT.RECONNECTED' },
  { type: 'LOG.CONFLICT_LIVE', clientSessionId: '00000000-0000-4000-8000-000000000001', openCallId: 'x' },
  {
    type: 'LOG.REFUSED',
    clientSessionId: '00000000-0000-4000-8000-000000000001',
    error: { code: 'DIAL_POLICY', message: 'Calls to premium-rate numbers are not allowed here' }
  },
  { type: 'TRANSPORT.QUALITY', quality: { jitterMs: 12, packetLossPct: 1.5, rttMs: 80, mos: 4.1 } },
  { type: 'DIAL_BRIDGE', number: '+12025550100', agentNumber: '+12025550199' },
  { type: 'ANSWER', number: '+12025550100', clientSessionId: '00000000-0000-4000-8000-0000000000aa', startedAt: 0 },
  { type: 'xstate.done.actor.placeBridge', output: { id: bridgeId } } as unknown as Event,
  {
    type: 'xstate.error.actor.placeBridge',
    error: Object.assign(new Error('unavailable'), { code: 'UPSTREAM_UNAVAILABLE', transient: true })
  } as unknown as Event,
  bridgeStatus('ringing'),
  bridgeStatus('connected'),
  bridgeStatus('ended', { endReason: 'remote-hangup', durationMs: 5_000 }),
  bridgeStatus('failed', { endReason: 'busy', durationMs: 0 }),
  {
    type: 'xstate.done.actor.endBridge',
    output: { ...bridgeRow(bridgeId), status: 'ended', endReason: 'local-hangup', durationMs: 3_000 }
  } as unknown as Event,
  {
    type: 'xstate.error.actor.endBridge',
    error: Object.assign(new Error('SignalWire could not end the call'), { code: 'UPSTREAM_UNAVAILABLE' })
  } as unknown as Event
];

// The token region's timers and the refresh actor are covered by the behaviour tests; here the graph is
// the call region with and without a cached token and a spent retry budget.
const serializeState = (s: DialerSnapshot) =>
  JSON.stringify([
    s.value,
    s.context.token !== null,
    s.context.attempts,
    s.context.answeredAt !== null,
    s.context.via,
    s.context.worstQuality !== null,
    s.context.reconnects > 0
  ]);

const paths = getShortestPaths(callMachine, { events, input, serializeState, limit: 20_000 });

t.test('the graph reaches every state of the call region', async (t) => {
  const reached = new Set<string>();
  for (const path of paths) {
    for (const node of path.state._nodes) reached.add(node.id);
  }
  const all: string[] = [];
  const walk = (node: { id: string; states: Record<string, unknown>; always?: unknown[] }) => {
    // A state with only an eventless `always` exit is never at rest, so no snapshot can show it.
    if (!node.always?.length) all.push(node.id);
    for (const child of Object.values(node.states)) walk(child as typeof node);
  };
  walk(callMachine.root.states.call as never);
  const missing = all.filter((id) => !reached.has(id));
  t.same(missing, [], 'no unreachable call state');
  const widgetStates = new Set(paths.map((p) => widgetStateOf(p.state)));
  t.same([...widgetStates].sort(), ['connected', 'dialing', 'ended', 'failed', 'idle', 'ringing']);
  t.ok(paths.length > 30, `${paths.length} paths`);
});

t.test('every path writes a consistent call log', async (t) => {
  let checked = 0;
  for (const path of paths) {
    clock = T0;
    let [snapshot] = initialTransition(callMachine, input);
    let wasReconnecting = false;
    const log: Array<{ kind: 'create'; body: LogCreateParams } | ({ kind: 'patch' } & LogPatchParams)> = [];
    let status: CallStatus | null = null;
    let answered = false;
    let closed = false;
    let rated = false;
    let reconnects = 0;
    const where = path.steps.map((s) => s.event.type).join(' → ');
    for (const step of path.steps) {
      clock += 1_000;
      const [next, actions] = transition(callMachine, snapshot, step.event);
      snapshot = next;
      const viaPhone = snapshot.context.via === 'phone';
      const view = viewOf(snapshot);
      if (step.event.type === 'TRANSPORT.RECONNECTING' && view.reconnecting && !wasReconnecting) reconnects += 1;
      if (view.reconnecting) t.equal(view.state, 'connected', `a reconnecting call is still connected to the host: ${where}`);
      wasReconnecting = view.reconnecting;
      if (step.event.type === 'TRANSPORT.QUALITY' && widgetStateOf(snapshot) === 'connected' && !viaPhone) rated = true;
      for (const action of actions) {
        if (action.type === 'logCreate') {
          t.notOk(viaPhone, `no create from the widget for a call through the phone: ${where}`);
          const body = action.params as LogCreateParams;
          log.push({ kind: 'create', body });
          t.equal(body.status, 'dialing', `create at dialing: ${where}`);
          status = 'dialing';
          answered = false;
          closed = false;
          rated = false;
          reconnects = 0;
        } else if (action.type === 'logPatch') {
          const params = action.params as LogPatchParams | null;
          if (viaPhone) {
            t.equal(params, null, `no patch from the widget for a call through the phone: ${where}`);
            continue;
          }
          t.ok(params, `a browser call's patch has a body: ${where}`);
          if (!params) continue;
          log.push({ kind: 'patch', ...params });
          const to = params.body.status!;
          t.ok(status !== null && canTransition(status, to) && status !== to, `${status} → ${to} is a legal forward move: ${where}`);
          t.notOk(closed, `no write after the closing one: ${where}`);
          if (to === 'connected') {
            answered = true;
            t.ok(params.body.answeredAt, 'answeredAt on connect');
          }
          if (isTerminalStatus(to)) {
            closed = true;
            t.ok(params.body.endReason, `closing patch has an end reason: ${where}`);
            t.ok(params.body.endedAt, 'and an end time');
            if (answered) t.ok(params.body.durationMs! > 0, `answered call has a duration: ${where}`);
            else t.equal(params.body.durationMs, 0, `never-answered call has no duration: ${where}`);
            if (rated)
              t.match(params.body.metadata, { qualitySamples: Number, worstMos: Number, worstJitterMs: Number }, `the worst quality is logged: ${where}`);
            else t.equal(params.body.metadata?.worstMos, undefined, `no quality metadata without readings: ${where}`);
            t.equal(params.body.metadata?.reconnects, reconnects || undefined, `the reconnects are logged, none when there were none: ${where}`);
            if (!rated && !reconnects) t.equal(params.body.metadata, undefined, `no metadata without readings or reconnects: ${where}`);
          }
          status = to;
        }
      }
      const widget = widgetStateOf(snapshot);
      if (widget !== 'idle' && !viaPhone) t.equal(status, widget, `log status tracks the widget state after ${step.event.type}: ${where}`);
    }
    checked += 1;
  }
  t.equal(checked, paths.length);
});
