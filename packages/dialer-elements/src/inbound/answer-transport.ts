// How an answered call reaches the machine's `callSession` actor: the session "dials" with the call's
// `clientSessionId`, and a transport that was handed an offer for that id accepts the offer instead of
// placing a call. Everything else about the call (events, mute, hold, digits, quality) is as for a dialled
// one, so the machine needs nothing new beyond its ANSWER event (docs/adr/0100).
import type { CallTransport, TransportCall } from '../transport/call-transport.js';
import { callsOnPage } from '../transport/page-client.js';
import { quietSpeakerWatcher } from '../transport/quiet-speaker-watcher.js';
import type { SdkCall } from '../transport/signalwire.js';
import type { TransportEvent } from '../transport/transport-events.js';

/**
 * A call offered to this browser: `IncomingCallNotification['invite']` of @signalwire/js 3.30
 * (src/fabric/IncomingCallManager.ts). `accept()` builds the call with the invite's SDP and answers it;
 * `reject()` sends `verto.bye` (USER_BUSY) for it.
 */
export interface SdkInvite {
  details: { callID: string; caller_id_name?: string; caller_id_number: string; callee_id_number?: string };
  accept(params: { audio: boolean; video: boolean }): Promise<SdkCall>;
  reject(): Promise<void>;
}

export interface Answering {
  /** The next session with this id answers `invite` instead of dialling. */
  offer(clientSessionId: string, invite: SdkInvite): void;
}

const installed = new WeakMap<CallTransport, Answering>();

/** Makes `transport` answer offers (once per transport: every widget of the page keeps its own engine). */
export function answeringThrough(transport: CallTransport, getUserMedia = (c: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(c)): Answering {
  const existing = installed.get(transport);
  if (existing) return existing;
  const offers = new Map<string, SdkInvite>();
  const dial = transport.dial.bind(transport);
  transport.dial = (request, emit) => {
    const invite = request.clientSessionId ? offers.get(request.clientSessionId) : undefined;
    if (!invite) return dial(request, emit);
    offers.delete(request.clientSessionId!);
    return answer(invite, emit, getUserMedia);
  };
  const answering: Answering = { offer: (id, invite) => offers.set(id, invite) };
  installed.set(transport, answering);
  return answering;
}

function microphoneFailure(error: unknown): TransportEvent {
  const name = (error as { name?: string } | null)?.name;
  const denied = name === 'NotAllowedError' || name === 'SecurityError';
  const missing = name === 'NotFoundError' || name === 'OverconstrainedError';
  return {
    type: 'TRANSPORT.FAILED',
    code: denied ? 'MIC_DENIED' : missing ? 'NO_MICROPHONE' : 'MIC_ERROR',
    message: denied ? 'Microphone access was denied' : missing ? 'No microphone was found' : 'The microphone could not be opened',
    retryable: false
  };
}

/** Accepts `invite` and follows the call it becomes, reporting as `signalwire.ts` reports a dialled call. */
export function answer(
  invite: SdkInvite,
  emit: (event: TransportEvent) => void,
  getUserMedia: (c: MediaStreamConstraints) => Promise<MediaStream>
): TransportCall {
  let call: SdkCall | undefined;
  let finished = false;
  let destroyed = false;
  let stopped = false;
  const finish = (event: TransportEvent) => {
    if (finished) return;
    finished = true;
    if (!stopped) emit(event);
  };
  void (async () => {
    // The microphone first, as for a dial: without it the SDK's answer fails with nothing to tell the agent.
    try {
      const stream = await getUserMedia({ audio: true, video: false });
      for (const track of stream.getTracks()) track.stop();
    } catch (error) {
      // The caller must not ring on for an answer that cannot come.
      void invite.reject().catch(() => undefined);
      finish(microphoneFailure(error));
      return;
    }
    if (stopped) {
      void invite.reject().catch(() => undefined);
      return;
    }
    // The answered call's audio element starts the SDK's speaker watcher too (quiet-speaker-watcher.ts says why it is quieted).
    quietSpeakerWatcher();
    try {
      call = await invite.accept({ audio: true, video: false });
    } catch (error) {
      finish({
        type: 'TRANSPORT.FAILED',
        code: 'ANSWER_FAILED',
        message: error instanceof Error ? error.message : 'The call could not be answered',
        retryable: false
      });
      return;
    }
    const sdkCall = call;
    // Up on the page's client: it is not closed for another tab's call (page-client.ts).
    callsOnPage.add(sdkCall);
    // The SDK goes `active` on the relay's verto.answer; a caller who gave up meanwhile gets a bye instead.
    sdkCall.on('active', () => {
      if (!finished && !stopped) emit({ type: 'TRANSPORT.CONNECTED', ...(sdkCall.id ? { providerCallId: sdkCall.id } : {}) });
    });
    sdkCall.on('destroy', () => {
      destroyed = true;
      callsOnPage.delete(sdkCall);
      const causeCode = Number(sdkCall.causeCode);
      finish({
        type: 'TRANSPORT.ENDED',
        ...(sdkCall.cause ? { cause: sdkCall.cause } : {}),
        ...(Number.isFinite(causeCode) ? { causeCode } : {}),
        ...(!sdkCall.cause && sdkCall.leaveReason ? { sdkReason: sdkCall.leaveReason } : {})
      });
    });
    if (stopped) void sdkCall.hangup().catch(() => undefined);
  })();

  const live = () => {
    if (!call) throw new Error('The call is not connected yet');
    return call;
  };
  return {
    hangup() {
      if (stopped) return;
      stopped = true;
      if (call && !destroyed) void call.hangup().catch(() => undefined);
      if (call) callsOnPage.delete(call);
    },
    sendDigits: async (digits) => {
      await call?.sendDigits(digits);
    },
    hold: async () => {
      await live().hold();
    },
    unhold: async () => {
      await live().unhold();
    },
    mute: async () => {
      await live().audioMute();
    },
    unmute: async () => {
      await live().audioUnmute();
    },
    // The page's one SDK client carries the token: the line renews it (inbound-line.ts), and so does the
    // machine's token region through the outbound transport while a call is up.
    updateToken: async () => undefined,
    getStats: async () => {
      const connection = finished || destroyed || stopped ? undefined : call?.peer?.instance;
      return connection ? connection.getStats() : null;
    }
  };
}
