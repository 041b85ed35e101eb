/**
 * The page the browser test loads: the real `@signalwire/js` SDK, driven through `window.harness`.
 * It records what the SDK reports (local states, fabric events, cause) so the test can assert on it.
 */
import { SignalWire } from '@signalwire/js';

type Client = Awaited<ReturnType<typeof SignalWire>>;
type Call = Awaited<ReturnType<Client['dial']>>;

export interface CallLog {
  states: string[];
  phoneStates: string[];
  memberAudioMuted: boolean[];
  joined: boolean;
  destroyed: boolean;
  startOutcome: 'pending' | 'resolved' | 'rejected';
  startError: string | null;
  cause: string | null;
  causeCode: string | null;
  /** performance.now() when dial() was called, and when each local state was first seen (for bench:setup). */
  dialedAt: number;
  stateAt: Record<string, number>;
}

const LOCAL_STATES = ['requesting', 'trying', 'early', 'ringing', 'answering', 'active', 'hangup', 'destroy'] as const;

let client: Client | null = null;
const calls = new Map<string, { call: Call; log: CallLog }>();
let nextId = 0;

function entry(id: string) {
  const found = calls.get(id);
  if (!found) throw new Error(`no call ${id}`);
  return found;
}

type Notification = Parameters<NonNullable<Parameters<Client['online']>[0]['incomingCallHandlers']['websocket']>>[0];

/** Invites the page was offered (`online()`'s handler), in arrival order. */
const invites: Array<{
  notification: Notification;
  details: { callID: string; caller_id_number: string; callee_id_number: string; display_direction: string };
}> = [];

/** Follows a call the way `dial` does: local states, fabric events, cause. */
function track(call: Call, log: CallLog): void {
  for (const state of LOCAL_STATES) {
    call.on(state as 'active', () => {
      log.states.push(state);
      log.stateAt[state] ??= performance.now();
      if (state === 'destroy') {
        log.destroyed = true;
        const { cause, causeCode } = call as unknown as { cause?: string; causeCode?: string };
        log.cause = cause ?? null;
        log.causeCode = causeCode ?? null;
      }
    });
  }
  call.on('call.state', (payload: { call_state: string; device?: { type?: string } }) => {
    if (payload.device?.type === 'phone') log.phoneStates.push(payload.call_state);
  });
  call.on('call.joined', () => {
    log.joined = true;
  });
}

const emptyLog = (): CallLog => ({
  states: [],
  phoneStates: [],
  memberAudioMuted: [],
  joined: false,
  destroyed: false,
  startOutcome: 'pending',
  startError: null,
  cause: null,
  causeCode: null,
  dialedAt: performance.now(),
  stateAt: {}
});

const harness = {
  async connect(token: string, host: string): Promise<void> {
    client = await SignalWire({ token, host, debug: { logWsTraffic: false }, logLevel: 'warn' } as Parameters<typeof SignalWire>[0]);
  },

  /** Goes online for incoming calls, as the widget's `online` does. */
  async online(): Promise<void> {
    if (!client) throw new Error('not connected');
    await client.online({
      incomingCallHandlers: {
        websocket: (notification) => {
          invites.push({ notification, details: notification.invite.details as unknown as (typeof invites)[number]['details'] });
        }
      }
    });
  },

  async offline(): Promise<void> {
    await client?.offline();
  },

  /** What each invite said (callID, caller, direction), in arrival order. */
  invites(): Array<(typeof invites)[number]['details']> {
    return invites.map((invite) => ({ ...invite.details, sdp: undefined }) as unknown as (typeof invites)[number]['details']);
  },

  /** Answers invite `index` with audio only; returns the id of the call it became. */
  async accept(index: number): Promise<string> {
    const invite = invites[index];
    if (!invite) throw new Error(`no invite ${index}`);
    const log = emptyLog();
    const call = await invite.notification.invite.accept({ audio: true, video: false });
    const id = String(nextId++);
    calls.set(id, { call, log });
    track(call, log);
    log.startOutcome = 'resolved';
    return id;
  },

  async reject(index: number): Promise<void> {
    const invite = invites[index];
    if (!invite) throw new Error(`no invite ${index}`);
    await invite.notification.invite.reject();
  },

  /** Places a call and returns at once; `start()` is raced against `destroy` in the background. */
  async dial(to: string): Promise<string> {
    if (!client) throw new Error('not connected');
    const dialedAt = performance.now();
    const call = await client.dial({ to, audio: true, video: false });
    const id = String(nextId++);
    const log: CallLog = {
      states: [],
      phoneStates: [],
      memberAudioMuted: [],
      joined: false,
      destroyed: false,
      startOutcome: 'pending',
      startError: null,
      cause: null,
      causeCode: null,
      dialedAt,
      stateAt: {}
    };
    calls.set(id, { call, log });
    for (const state of LOCAL_STATES) {
      call.on(state as 'active', () => {
        log.states.push(state);
        log.stateAt[state] ??= performance.now();
        if (state === 'destroy') {
          log.destroyed = true;
          const { cause, causeCode } = call as unknown as { cause?: string; causeCode?: string };
          log.cause = cause ?? null;
          log.causeCode = causeCode ?? null;
        }
      });
    }
    call.on('call.state', (payload: { call_state: string; device?: { type?: string } }) => {
      if (payload.device?.type === 'phone') log.phoneStates.push(payload.call_state);
    });
    call.on('call.joined', () => {
      log.joined = true;
    });
    call.on('member.updated', (payload: { member?: { audio_muted?: boolean; audioMuted?: boolean } }) => {
      const muted = payload.member?.audio_muted ?? payload.member?.audioMuted;
      if (typeof muted === 'boolean') log.memberAudioMuted.push(muted);
    });
    const destroyed = new Promise<void>((resolve) => call.once('destroy', () => resolve()));
    void Promise.race([
      call.start().then(
        () => {
          log.startOutcome = 'resolved';
        },
        (error: unknown) => {
          log.startOutcome = 'rejected';
          log.startError = error instanceof Error ? error.message : JSON.stringify(error);
        }
      ),
      destroyed
    ]);
    return id;
  },

  log(id: string): CallLog {
    return structuredClone(entry(id).log);
  },

  async sendDigits(id: string, digits: string): Promise<void> {
    await entry(id).call.sendDigits(digits);
  },

  async hold(id: string): Promise<void> {
    await entry(id).call.hold();
  },

  async unhold(id: string): Promise<void> {
    await entry(id).call.unhold();
  },

  async mute(id: string): Promise<void> {
    await entry(id).call.audioMute();
  },

  async unmute(id: string): Promise<void> {
    await entry(id).call.audioUnmute();
  },

  async hangup(id: string): Promise<void> {
    await entry(id).call.hangup();
  },

  /** The call's WebRTC statistics as plain records (bench:jitter reads them as the widget does). */
  async stats(id: string): Promise<Array<Record<string, unknown>>> {
    const peer = (entry(id).call as unknown as { peer?: { instance?: RTCPeerConnection } }).peer;
    if (!peer?.instance) return [];
    const records: Array<Record<string, unknown>> = [];
    (await peer.instance.getStats()).forEach((report: Record<string, unknown>) => records.push({ ...report }));
    return records;
  },

  /** RTP packets the browser received from the emulator's far end (WebRTC stats). */
  async inboundPackets(id: string): Promise<number> {
    const peer = (entry(id).call as unknown as { peer?: { instance?: RTCPeerConnection } }).peer;
    if (!peer?.instance) return -1;
    let packets = 0;
    const stats = await peer.instance.getStats();
    stats.forEach((report: { type: string; kind?: string; packetsReceived?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
    });
    return packets;
  }
};

declare global {
  interface Window {
    harness: typeof harness;
  }
}

window.harness = harness;
document.title = 'harness-ready';
