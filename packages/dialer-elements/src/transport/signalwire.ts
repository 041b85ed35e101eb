import type { TransportEvent } from './transport-events.js';
import { listAudioDevices, type CallTransport, type DialRequest, type TransportCall } from './call-transport.js';
import { watchLink, type LinkCall } from './link-watch.js';
import { callsOnPage, closePageClient, pageClient, renewPageClient } from './page-client.js';
import { quietSpeakerWatcher } from './quiet-speaker-watcher.js';

/*
 * The slice of `@signalwire/js` 3.30 this transport uses, typed here so that neither the SDK's types nor
 * its code are pulled in before the first call (it is about 65 KB gzipped: see SIGNALWIRE-PROTOCOL.md).
 */
export interface SdkCall extends LinkCall {
  id?: string;
  /** Set from the hangup (`verto.bye`) the SDK received; `NORMAL_CLEARING`/16 when the bye named none. */
  cause?: string;
  causeCode?: number | string;
  /** Why the SDK left the call on its own, when it says (`RECONNECTION_ATTEMPT_TIMEOUT`). */
  leaveReason?: string;
  start(): Promise<unknown>;
  hangup(): Promise<unknown>;
  sendDigits(digits: string): Promise<unknown>;
  hold(): Promise<unknown>;
  unhold(): Promise<unknown>;
  audioMute(): Promise<unknown>;
  audioUnmute(): Promise<unknown>;
  updateMicrophone?(constraints: MediaTrackConstraints): Promise<unknown>;
  updateSpeaker?(options: { deviceId: string }): Promise<unknown>;
  /**
   * The call's WebRTC peer: `peer.instance` is the RTCPeerConnection (BaseConnection in
   * @signalwire/webrtc; public on the object `client.dial()` returns, though not in its typings).
   */
  peer?: { instance?: RTCPeerConnection } | undefined;
  /**
   * BaseConnection's options, read by its RTCPeer when `start()` builds it: a `localStream` there is used
   * instead of opening a capture of its own (ConnectionOptions of @signalwire/webrtc; the Fabric client's
   * `dial()` does not pass it on). `localStream`: the capture the call's peer sends.
   */
  options?: { localStream?: MediaStream } | undefined;
  localStream?: MediaStream | undefined;
}
interface SdkClient {
  dial(params: { to: string; audio: boolean | MediaTrackConstraints; video: boolean; userVariables?: Record<string, string> }): Promise<SdkCall>;
  updateToken(token: string): Promise<void>;
  disconnect(): Promise<void>;
}
export interface SignalWireSdk {
  SignalWire(params: { token: string; host?: string; logLevel?: 'debug' | 'silent' }): Promise<SdkClient>;
}

export interface SignalWireTransportOptions {
  /** Loads the SDK; the default is a dynamic import so the SDK stays out of the initial bundle. */
  loadSdk?: () => Promise<SignalWireSdk>;
  /** Microphone access; swapped in tests. */
  getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
  /**
   * Whether the SDK logs to the console (the `debug` attribute). It logs ordinary call outcomes as errors
   * (`Invite error {code: 17}` for a busy number, `WSClient call start` for a call that cannot be set up),
   * which on the host's page read as the page's own failures; the widget reports them as events instead.
   * Read when the page's one SDK client is created, so the first widget to call decides (docs/adr/0057).
   */
  debug?: () => boolean;
}

/** Test hook: forget the page's client and close its connection. */
export const resetSignalWireClient = (): Promise<void> => closePageClient();

function microphoneFailure(error: unknown): Extract<TransportEvent, { type: 'TRANSPORT.FAILED' }> {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return { type: 'TRANSPORT.FAILED', code: 'MIC_DENIED', message: 'Microphone access was denied', retryable: false };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return { type: 'TRANSPORT.FAILED', code: 'NO_MICROPHONE', message: 'No microphone was found', retryable: false };
  }
  return { type: 'TRANSPORT.FAILED', code: 'MIC_ERROR', message: 'The microphone could not be opened', retryable: false };
}

// What getUserMedia rejects with when the device is the problem, and the SDK's own error when reading from
// the device hangs (@signalwire/webrtc utils/getUserMedia.js, after 5 s).
const DEVICE_ERRORS = new Set(['NotAllowedError', 'SecurityError', 'NotFoundError', 'OverconstrainedError', 'NotReadableError', 'AbortError']);
const SDK_DEVICE_TIMEOUT = 'Timeout reading from your devices';
/** How long a device read may take once the microphone is allowed (the SDK's GUM_TIMEOUT). */
const DEVICE_READ_TIMEOUT_MS = 5_000;

/** Why `start()` rejected: the SDK could not read the microphone (a local problem), or the connection failed. */
function startFailure(error: unknown): Extract<TransportEvent, { type: 'TRANSPORT.FAILED' }> {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  if ((typeof name === 'string' && DEVICE_ERRORS.has(name)) || message === SDK_DEVICE_TIMEOUT) return microphoneFailure(error);
  return { type: 'TRANSPORT.FAILED', code: 'NETWORK', message: messageOf(error, 'The call could not be connected'), retryable: false };
}

const hasWebRtc = () => typeof globalThis.RTCPeerConnection === 'function' && !!globalThis.navigator?.mediaDevices?.getUserMedia;

const stopTracks = (stream: MediaStream) => {
  for (const track of stream.getTracks()) track.stop();
};

/**
 * Calls through `@signalwire/js` (the Call Fabric client). Asks for the microphone before anything
 * else, connects the page's one SDK client (to the token's `relayHost` when it has one), dials, and
 * reports the call's end from its `destroy` (a hangup's cause, or none when the SDK dropped the call) or
 * from `start()` rejecting, whichever comes first: `start()` may never settle when the far end is busy,
 * declines or does not answer.
 */
export function createSignalWireTransport(options: SignalWireTransportOptions = {}): CallTransport {
  const importSdk = options.loadSdk ?? (() => import('./signalwire-sdk.js') as unknown as Promise<SignalWireSdk>);
  // One fetch of the SDK chunk for the preload and the dials; a failed one is tried again next time.
  let sdkLoading: Promise<SignalWireSdk> | undefined;
  const loadSdk = () => {
    const loading = (sdkLoading ??= importSdk());
    loading.catch(() => {
      if (sdkLoading === loading) sdkLoading = undefined;
    });
    return loading;
  };
  const getUserMedia = options.getUserMedia ?? ((constraints) => globalThis.navigator.mediaDevices.getUserMedia(constraints));
  const debug = options.debug ?? (() => false);
  let inputDeviceId: string | undefined;
  let outputDeviceId: string | undefined;
  const liveCalls = new Set<SdkCall>();
  const forget = (call: SdkCall) => {
    liveCalls.delete(call);
    callsOnPage.delete(call);
  };
  /** The microphone opened at the click (`openMicrophone`), waiting for the dial that takes it. */
  let opened: Promise<MediaStream> | undefined;

  const audioConstraints = (): boolean | MediaTrackConstraints => (inputDeviceId ? { deviceId: { exact: inputDeviceId } } : true);
  // With the permission already granted, a device read that never answers is bounded as the SDK bounds its own
  // (GUM_TIMEOUT, @signalwire/webrtc utils/getUserMedia.ts): the SDK no longer reads the device, this capture is
  // the call's (docs/adr/0131). While the browser may be asking the person, there is no bound.
  const capture = () => {
    const capturing = getUserMedia({ audio: audioConstraints(), video: false });
    const query = globalThis.navigator?.permissions?.query?.({ name: 'microphone' as PermissionName });
    if (!query) return capturing;
    const bounded = query.then(
      (status) =>
        status.state !== 'granted'
          ? capturing
          : new Promise<MediaStream>((resolve, reject) => {
              const timer = setTimeout(() => {
                reject(new Error(SDK_DEVICE_TIMEOUT));
                // A read that answers after all is closed: no call will take it.
                void capturing.then(stopTracks, () => undefined);
              }, DEVICE_READ_TIMEOUT_MS);
              capturing.then(
                (stream) => (clearTimeout(timer), resolve(stream)),
                (error: unknown) => (clearTimeout(timer), reject(error))
              );
            }),
      () => capturing
    );
    return bounded;
  };

  return {
    name: 'signalwire',
    supported: hasWebRtc,
    listDevices: listAudioDevices,
    async preload() {
      await loadSdk().catch(() => undefined);
    },
    async preconnect(token) {
      // The page's one client, opened now with the token fetched ahead; the dial finds it connected. A
      // failure here is forgotten (pageClient drops the failed client): the dial connects and reports.
      if (!hasWebRtc()) return;
      await loadSdk()
        .then((sdk) => pageClient((params) => sdk.SignalWire(params), token, debug()))
        .then(
          () => undefined,
          () => undefined
        );
    },
    async dropConnection() {
      await closePageClient({ unlessInUse: true });
    },
    openMicrophone() {
      if (opened || !hasWebRtc()) return;
      const capturing = capture();
      // A refusal is reported by the dial that takes it; until then nobody is waiting for it.
      capturing.catch(() => undefined);
      opened = capturing;
    },
    releaseMicrophone() {
      const capturing = opened;
      opened = undefined;
      void capturing?.then(stopTracks, () => undefined);
    },
    async setInputDevice(deviceId) {
      // '' is the browser's default (a chosen device went away: docs/adr/0111).
      inputDeviceId = deviceId || undefined;
      await Promise.all([...liveCalls].map((call) => call.updateMicrophone?.(deviceId ? { deviceId: { exact: deviceId } } : {})));
    },
    async setOutputDevice(deviceId) {
      outputDeviceId = deviceId;
      await Promise.all([...liveCalls].map((call) => call.updateSpeaker?.({ deviceId })));
    },
    dial(request: DialRequest, emit: (event: TransportEvent) => void): TransportCall {
      let call: SdkCall | undefined;
      let finished = false;
      /** The SDK destroyed the call (its end may be reported a turn later: see the destroy handler). */
      let destroyed = false;
      let stopped = false;
      let rang = false;
      let unwatch = () => {};
      /** The call's capture: closed when the call is over (the SDK closes it too once it took it over). */
      let held: MediaStream | undefined;
      const release = () => {
        if (held) stopTracks(held);
      };
      const finish = (event: TransportEvent) => {
        if (finished) return;
        finished = true;
        release();
        unwatch();
        if (call) forget(call);
        if (!stopped) emit(event);
      };

      void (async () => {
        if (!hasWebRtc()) {
          finish({ type: 'TRANSPORT.FAILED', code: 'NO_WEBRTC', message: 'This browser cannot place calls', retryable: false });
          return;
        }
        // Permission first: without a microphone `start()` rejects and the SDK's device watcher throws. The
        // capture opened at the click if there is one (docs/adr/0131), else one opened now; the call keeps it.
        const capturing = opened ?? capture();
        opened = undefined;
        let stream: MediaStream;
        try {
          stream = await capturing;
        } catch (error) {
          finish(microphoneFailure(error));
          return;
        }
        held = stream;
        if (stopped) {
          release();
          return;
        }
        // The SDK's call is built only now: building it starts the SDK's speaker watcher (a permission query and
        // two device listings), which the browser answers before the capture when both are under way (docs/adr/0142).
        quietSpeakerWatcher();
        let client: SdkClient;
        try {
          const sdk = await loadSdk();
          client = await pageClient((params) => sdk.SignalWire(params), request.token, debug());
        } catch (error) {
          // Nothing was dialled yet (the SDK only authenticated, and resets its singleton on a failed
          // connect), so one more attempt cannot ring anyone twice: retryable (docs/adr/0011).
          finish({ type: 'TRANSPORT.FAILED', code: 'NETWORK', message: messageOf(error, 'Could not reach the calling service'), retryable: true });
          return;
        }
        if (stopped) {
          release();
          return;
        }
        try {
          const { dial } = request.token;
          call = await client.dial({
            // Address mode (docs/adr/0065): the token reaches only the address, whose script reads the
            // number from the user variables and asks the API whether this user may call it.
            ...(dial?.mode === 'address' && dial.address && dial.ticket
              ? { to: dial.address, userVariables: { to: request.number, clientSessionId: request.clientSessionId ?? '', ticket: dial.ticket } }
              : { to: request.number }),
            audio: audioConstraints(),
            video: false
          });
        } catch (error) {
          finish({ type: 'TRANSPORT.FAILED', code: 'DIAL_FAILED', message: messageOf(error, 'The call could not be placed'), retryable: false });
          return;
        }
        const sdkCall = call;
        // The open capture goes to the call's peer, so the SDK does not open (and the browser start) a second one.
        if (sdkCall.options) sdkCall.options.localStream = stream;
        liveCalls.add(sdkCall);
        callsOnPage.add(sdkCall);
        const ringing = () => {
          if (rang || finished || stopped) return;
          rang = true;
          emit({ type: 'TRANSPORT.RINGING' });
        };
        sdkCall.on('early', ringing);
        sdkCall.on('ringing', ringing);
        sdkCall.on('active', () => {
          if (finished || stopped) return;
          rang = true;
          emit({ type: 'TRANSPORT.CONNECTED', ...(sdkCall.id ? { providerCallId: sdkCall.id } : {}) });
        });
        sdkCall.on('destroy', () => {
          destroyed = true;
          forget(sdkCall);
          const causeCode = Number(sdkCall.causeCode);
          if (sdkCall.cause || Number.isFinite(causeCode)) {
            // A hangup reached us (the far end, or the network on its behalf): its cause says which.
            finish({ type: 'TRANSPORT.ENDED', ...(sdkCall.cause ? { cause: sdkCall.cause } : {}), ...(Number.isFinite(causeCode) ? { causeCode } : {}) });
            return;
          }
          // No hangup: the SDK tore the call down itself. If it could not read the microphone, it rejects
          // start() with why and destroys the call in the same turn, the rejection arriving a few microtasks
          // later; wait out this turn so that the start() failure below, if any, is what gets reported.
          setTimeout(() => finish({ type: 'TRANSPORT.ENDED', ...(sdkCall.leaveReason ? { sdkReason: sdkCall.leaveReason } : {}) }), 0);
        });
        if (stopped) {
          void sdkCall.hangup().catch(() => undefined);
          return;
        }
        // Its link to SignalWire: "Reconnecting…" while the SDK gets it back, the end once the far end is gone.
        unwatch = watchLink(
          sdkCall,
          (up) => finished || stopped || emit({ type: up ? 'TRANSPORT.RECONNECTED' : 'TRANSPORT.RECONNECTING' }),
          () => finish({ type: 'TRANSPORT.ENDED', sdkReason: 'MEDIA_STOPPED' })
        );
        if (outputDeviceId) void sdkCall.updateSpeaker?.({ deviceId: outputDeviceId }).catch(() => undefined);
        try {
          // Resolves once the call is set up. A hangup before that (busy, declined) is reported by the
          // destroy handler above, whatever start() does afterwards (finish() reports only the first end).
          await sdkCall.start();
          // An SDK that opened its own capture after all: ours is not needed.
          if (sdkCall.localStream !== stream) release();
        } catch (error) {
          finish(startFailure(error));
        }
      })();

      return {
        hangup() {
          if (stopped) return;
          stopped = true;
          release();
          unwatch();
          // A call the SDK destroyed is gone (its hangup would throw "Invalid RTCPeer ID to hangup"). One whose
          // start() failed without a destroy may still be known to the relay, so it gets its bye: the far
          // end must not ring on after the widget said the call failed.
          if (call && !destroyed) void call.hangup().catch(() => undefined);
          if (call) forget(call);
        },
        sendDigits: async (digits) => {
          await call?.sendDigits(digits);
        },
        hold: async () => {
          await requireCall(call).hold();
        },
        unhold: async () => {
          await requireCall(call).unhold();
        },
        mute: async () => {
          await requireCall(call).audioMute();
        },
        unmute: async () => {
          await requireCall(call).audioUnmute();
        },
        updateToken: (token) => renewPageClient(token),
        getStats: async () => {
          const connection = finished || destroyed || stopped ? undefined : call?.peer?.instance;
          return connection ? connection.getStats() : null;
        }
      };
    }
  };
}

function requireCall(call: SdkCall | undefined): SdkCall {
  if (!call) throw new Error('The call is not connected yet');
  return call;
}

function messageOf(error: unknown, fallback: string): string {
  return error instanceof Error && error.message ? error.message : fallback;
}
