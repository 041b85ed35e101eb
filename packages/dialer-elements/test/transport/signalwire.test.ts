// The SignalWire transport against a scripted stand-in for the SDK's call object (the real SDK runs
// against the emulator in the end-to-end suite). What is checked here is this module's own logic:
// permission first, one client per page, relay host, start() raced against destroy, cause mapping input.
import t from 'tap';
import { createSignalWireTransport, resetSignalWireClient, type SignalWireSdk } from '../../src/transport/index.js';
import type { CallToken, TransportEvent } from '../../src/transport/transport-events.js';

class FakeEmitter {
  handlers = new Map<string, Array<() => void>>();
  on(event: string, handler: () => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
  }
  off(event: string, handler: () => void) {
    this.handlers.set(
      event,
      (this.handlers.get(event) ?? []).filter((h) => h !== handler)
    );
  }
  fire(event: string) {
    for (const handler of this.handlers.get(event) ?? []) handler();
  }
  count() {
    return [...this.handlers.values()].reduce((n, list) => n + list.length, 0);
  }
}

class FakeCall {
  handlers = new Map<string, Array<(...args: unknown[]) => void>>();
  calls: string[] = [];
  cause?: string;
  causeCode?: number | string;
  leaveReason?: string;
  id = 'sw-call-1';
  startResult: Promise<unknown> = new Promise(() => {}); // like the SDK: pending while it rings
  on(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
  }
  off(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.set(
      event,
      (this.handlers.get(event) ?? []).filter((h) => h !== handler)
    );
  }
  /** The page's session events (the SDK's sessionEmitter, shared by every call). */
  session = new FakeEmitter();
  fire(event: string) {
    for (const handler of this.handlers.get(event) ?? []) handler();
  }
  start() {
    this.calls.push('start');
    return this.startResult;
  }
  async hangup() {
    this.calls.push('hangup');
  }
  async sendDigits(d: string) {
    this.calls.push(`digits:${d}`);
  }
  async hold() {
    this.calls.push('hold');
  }
  async unhold() {
    this.calls.push('unhold');
  }
  async audioMute() {
    this.calls.push('mute');
  }
  async audioUnmute() {
    this.calls.push('unmute');
  }
  // What BaseConnection exposes: the RTCPeerConnection as `peer.instance`.
  peer = {
    instance: {
      getStats: async () => new Map([['in', { type: 'inbound-rtp', kind: 'audio', packetsReceived: 50, packetsLost: 0, jitter: 0.002 }]])
    } as unknown as RTCPeerConnection
  };
}

/** `prepare` sets each call up before the transport gets it (before its start() is called). */
function fakeSdk(prepare: (call: FakeCall) => void = () => {}) {
  const made: FakeCall[] = [];
  const connects: Array<{ token: string; host?: string; logLevel?: string }> = [];
  const updates: string[] = [];
  const dials: Array<{ to: string; userVariables?: Record<string, string> }> = [];
  const sdk: SignalWireSdk = {
    async SignalWire(params) {
      connects.push(params);
      return {
        async dial(p) {
          dials.push(p);
          const call = new FakeCall();
          prepare(call);
          made.push(call);
          return call;
        },
        async updateToken(token) {
          updates.push(token);
        },
        async disconnect() {}
      };
    }
  };
  return { sdk, made, connects, updates, dials };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

// The page's window, for the transport's unhandledrejection listener (Node has no window).
const page = new EventTarget();
Object.assign(globalThis, { addEventListener: page.addEventListener.bind(page) });
/** An unhandled rejection as the browser reports it; true when it reached the page's own listener. */
function rejectUnhandled(message: string): { prevented: boolean; reachedPage: boolean } {
  let reachedPage = false;
  const pageListener = () => (reachedPage = true);
  page.addEventListener('unhandledrejection', pageListener);
  const event = Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason: new Error(message) });
  page.dispatchEvent(event);
  page.removeEventListener('unhandledrejection', pageListener);
  return { prevented: event.defaultPrevented, reachedPage };
}
const token: CallToken = { token: 'tok-1', expiresAt: new Date(Date.now() + 3_600_000).toISOString() };

t.beforeEach(async () => {
  await resetSignalWireClient();
  Object.assign(globalThis, { RTCPeerConnection: function RTCPeerConnection() {} });
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true,
    value: { mediaDevices: { getUserMedia: async () => ({ getTracks: () => [] }), enumerateDevices: async () => [] } }
  });
});

function dial(transport: ReturnType<typeof createSignalWireTransport>, tok = token) {
  const events: TransportEvent[] = [];
  const call = transport.dial({ number: '+12025550101', token: tok, clientSessionId: '30000000-0000-4000-8000-000000000001' }, (e) => events.push(e));
  return { call, events };
}

t.test('early media is ringing, active is connected, destroy carries the cause even while start() hangs', async (t) => {
  const f = fakeSdk();
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const { events } = dial(transport);
  await tick();
  t.same(f.dials, [{ to: '+12025550101', audio: true, video: false }]);
  const call = f.made[0]!;
  t.same(call.calls, ['start']);
  call.fire('early');
  call.fire('ringing');
  call.cause = 'USER_BUSY';
  call.causeCode = '17';
  call.fire('destroy');
  await tick();
  t.same(events, [{ type: 'TRANSPORT.RINGING' }, { type: 'TRANSPORT.ENDED', cause: 'USER_BUSY', causeCode: 17 }]);
});

t.test('address mode: the address is dialled, the number, the call and the ticket go as user variables', async (t) => {
  const f = fakeSdk();
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const { events } = dial(transport, { ...token, dial: { mode: 'address', address: '/public/sw-dialer-pstn', ticket: 'tkt-1' } });
  await tick();
  t.same(f.dials, [
    {
      to: '/public/sw-dialer-pstn',
      userVariables: { to: '+12025550101', clientSessionId: '30000000-0000-4000-8000-000000000001', ticket: 'tkt-1' },
      audio: true,
      video: false
    }
  ]);
  const call = f.made[0]!;
  call.fire('active');
  await tick();
  t.same(events, [{ type: 'TRANSPORT.CONNECTED', providerCallId: 'sw-call-1' }], 'the call is followed as in direct mode');
});

t.test("the SDK's uncaught speaker-watcher rejection (Firefox) is kept off the page; other rejections are not", async (t) => {
  const f = fakeSdk();
  dial(createSignalWireTransport({ loadSdk: async () => f.sdk }));
  await tick();
  const sdkMessage =
    'You must ask the user for permissions before being able to listen for device changes. Try calling getUserMedia() before calling `createDeviceWatcher()`.';
  t.same(rejectUnhandled(sdkMessage), { prevented: true, reachedPage: false });
  t.same(rejectUnhandled("the host page's own failure"), { prevented: false, reachedPage: true });
});

t.test("direct mode named by the token: the number is the SDK's to, no user variables", async (t) => {
  const f = fakeSdk();
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  dial(transport, { ...token, dial: { mode: 'direct' } });
  await tick();
  t.same(f.dials, [{ to: '+12025550101', audio: true, video: false }]);
});

t.test('connected, commands reach the SDK call, hangup after the end is not sent', async (t) => {
  const f = fakeSdk();
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const { call, events } = dial(transport);
  await tick();
  const sdkCall = f.made[0]!;
  sdkCall.fire('active');
  await call.mute();
  await call.hold();
  await call.unhold();
  await call.unmute();
  await call.sendDigits('1#');
  t.same(events, [{ type: 'TRANSPORT.CONNECTED', providerCallId: 'sw-call-1' }]);
  sdkCall.cause = 'NORMAL_CLEARING';
  sdkCall.causeCode = 16;
  sdkCall.fire('destroy');
  call.hangup();
  t.same(sdkCall.calls, ['start', 'mute', 'hold', 'unhold', 'unmute', 'digits:1#'], 'no hangup after destroy');
  t.same(events.at(-1), { type: 'TRANSPORT.ENDED', cause: 'NORMAL_CLEARING', causeCode: 16 });
});

t.test('a local hangup reaches the SDK and silences later events', async (t) => {
  const f = fakeSdk();
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const { call, events } = dial(transport);
  await tick();
  call.hangup();
  f.made[0]!.fire('destroy');
  t.same(f.made[0]!.calls, ['start', 'hangup']);
  t.same(events, []);
});

t.test('a hangup before the SDK has dialled cancels without ringing anyone', async (t) => {
  const f = fakeSdk();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const transport = createSignalWireTransport({ loadSdk: async () => (await gate, f.sdk) });
  const { call, events } = dial(transport);
  call.hangup();
  release();
  await tick();
  t.equal(f.dials.length, 0);
  t.same(events, []);
});

t.test('the microphone is asked for first; a refusal never loads the SDK', async (t) => {
  let loaded = false;
  const transport = createSignalWireTransport({
    loadSdk: async () => {
      loaded = true;
      return fakeSdk().sdk;
    },
    getUserMedia: async () => {
      throw Object.assign(new Error('denied'), { name: 'NotAllowedError' });
    }
  });
  const { events } = dial(transport);
  await tick();
  t.equal(loaded, false);
  t.same(events, [{ type: 'TRANSPORT.FAILED', code: 'MIC_DENIED', message: 'Microphone access was denied', retryable: false }]);
});

t.test('no WebRTC: fails at once with NO_WEBRTC', async (t) => {
  delete (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection;
  const transport = createSignalWireTransport({ loadSdk: async () => fakeSdk().sdk });
  t.equal(transport.supported(), false);
  const { events } = dial(transport);
  await tick();
  t.match(events, [{ type: 'TRANSPORT.FAILED', code: 'NO_WEBRTC', retryable: false }]);
});

t.test('one client per page, the relay host from the token, updateToken for a new token', async (t) => {
  const f = fakeSdk();
  const a = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const b = createSignalWireTransport({ loadSdk: async () => f.sdk });
  dial(a, { ...token, relayHost: 'ws://127.0.0.1:7450' });
  await tick();
  dial(b, { ...token, token: 'tok-2', relayHost: 'ws://127.0.0.1:7450' });
  await tick();
  t.same(f.connects, [{ token: 'tok-1', host: 'ws://127.0.0.1:7450', logLevel: 'silent' }], 'connected once');
  t.same(f.updates, ['tok-2'], 'the second token is handed to the same client');
  t.equal(f.made.length, 2);
});

t.test("the SDK's console logging is off unless the widget asks for it (debug)", async (t) => {
  const quiet = fakeSdk();
  dial(createSignalWireTransport({ loadSdk: async () => quiet.sdk }));
  await tick();
  t.match(quiet.connects, [{ logLevel: 'silent' }], 'silent by default: busy and unknown numbers are not console errors of the page');
  await resetSignalWireClient();
  const loud = fakeSdk();
  let debug = false;
  const transport = createSignalWireTransport({ loadSdk: async () => loud.sdk, debug: () => debug });
  debug = true;
  dial(transport);
  await tick();
  t.match(loud.connects, [{ logLevel: 'debug' }], 'debug as it is when the client is created');
});

t.test('a failed connect (nothing dialled) is retryable; a start() rejection is not', async (t) => {
  const transport = createSignalWireTransport({
    loadSdk: async () => ({
      SignalWire: async () => {
        throw new Error('WebSocket closed');
      }
    })
  });
  const { events } = dial(transport);
  await tick();
  t.same(events, [{ type: 'TRANSPORT.FAILED', code: 'NETWORK', message: 'WebSocket closed', retryable: true }]);

  await resetSignalWireClient();
  const f = fakeSdk();
  const later = createSignalWireTransport({
    loadSdk: async () => ({
      SignalWire: async (p) => {
        const client = await f.sdk.SignalWire(p);
        return {
          ...client,
          dial: async (d) => {
            const call = (await client.dial(d)) as unknown as FakeCall;
            call.startResult = Promise.reject(new Error('ICE failed'));
            call.startResult.catch(() => undefined);
            return call as never;
          }
        };
      }
    })
  });
  const second = dial(later);
  await tick();
  t.same(second.events, [{ type: 'TRANSPORT.FAILED', code: 'NETWORK', message: 'ICE failed', retryable: false }]);
});

t.test("getStats reads the SDK call's peer connection while the call lasts, and nothing after", async (t) => {
  const f = fakeSdk();
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const { call } = dial(transport);
  t.equal(await call.getStats!(), null, 'nothing before the SDK has a call');
  await tick();
  f.made[0]!.fire('active');
  const report = await call.getStats!();
  t.same(
    [...(report as unknown as Map<string, unknown>).values()],
    [{ type: 'inbound-rtp', kind: 'audio', packetsReceived: 50, packetsLost: 0, jitter: 0.002 }]
  );
  f.made[0]!.fire('destroy');
  t.equal(await call.getStats!(), null, 'the connection is gone once the call ended');
});

// The SDK's own teardowns (@signalwire/webrtc 3.15): every verto.bye sets `cause` (NORMAL_CLEARING when the
// bye named none), so a destroy without one is the SDK giving up on the call by itself.
t.test('the SDK drops a connected call itself (no hangup cause): ended without a cause, with its reason', async (t) => {
  const f = fakeSdk();
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const { events } = dial(transport);
  await tick();
  const sdkCall = f.made[0]!;
  sdkCall.fire('active');
  // RTCPeer.triggerResume: the relay connection did not come back in time.
  sdkCall.leaveReason = 'RECONNECTION_ATTEMPT_TIMEOUT';
  sdkCall.fire('destroy');
  await tick();
  t.same(events, [
    { type: 'TRANSPORT.CONNECTED', providerCallId: 'sw-call-1' },
    { type: 'TRANSPORT.ENDED', sdkReason: 'RECONNECTION_ATTEMPT_TIMEOUT' }
  ]);
});

t.test('the media connection gives up mid-call (destroy with neither cause nor reason): ended without a cause', async (t) => {
  const f = fakeSdk();
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const { events } = dial(transport);
  await tick();
  f.made[0]!.fire('active');
  // RTCPeer._onIceTimeout after a relay-only ICE restart found nothing: setState('destroy').
  f.made[0]!.fire('destroy');
  await tick();
  t.same(events, [{ type: 'TRANSPORT.CONNECTED', providerCallId: 'sw-call-1' }, { type: 'TRANSPORT.ENDED' }]);
});

t.test('a far-end hangup still carries its cause, reported at once', async (t) => {
  const f = fakeSdk();
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const { events } = dial(transport);
  await tick();
  f.made[0]!.fire('active');
  Object.assign(f.made[0]!, { cause: 'NORMAL_CLEARING', causeCode: '16' });
  f.made[0]!.fire('destroy');
  t.same(events.at(-1), { type: 'TRANSPORT.ENDED', cause: 'NORMAL_CLEARING', causeCode: 16 }, 'in the same turn as the destroy');
});

/**
 * A call whose start() fails as RTCPeer.start() does when the SDK cannot get the microphone: the start
 * promise is rejected, then the call is destroyed (setState('hangup')) in the same turn, without a cause.
 */
async function startFailsWith(error: unknown) {
  let fail!: () => void;
  const f = fakeSdk((call) => {
    let reject!: (e: unknown) => void;
    call.startResult = new Promise((_resolve, r) => (reject = r));
    fail = () => {
      reject(error);
      call.fire('destroy');
    };
  });
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const { events } = dial(transport);
  await tick();
  fail();
  await tick();
  return events;
}

t.test("the SDK cannot read the microphone at start: a device failure, not the call's end", async (t) => {
  t.same(await startFailsWith(new Error('Timeout reading from your devices')), [
    { type: 'TRANSPORT.FAILED', code: 'MIC_ERROR', message: 'The microphone could not be opened', retryable: false }
  ]);
  await resetSignalWireClient();
  t.same(await startFailsWith(Object.assign(new Error('Could not start audio source'), { name: 'NotReadableError' })), [
    { type: 'TRANSPORT.FAILED', code: 'MIC_ERROR', message: 'The microphone could not be opened', retryable: false }
  ]);
  await resetSignalWireClient();
  t.same(await startFailsWith(Object.assign(new Error('Requested device not found'), { name: 'NotFoundError' })), [
    { type: 'TRANSPORT.FAILED', code: 'NO_MICROPHONE', message: 'No microphone was found', retryable: false }
  ]);
});

t.test('ICE gathering fails while setting up (start() rejected, then destroyed): a network failure', async (t) => {
  // RTCPeer._onIceTimeout: `_negotiationCompleted({code: 'ICE_GATHERING_FAILED', ...})`, then setState('destroy').
  t.same(await startFailsWith({ code: 'ICE_GATHERING_FAILED', message: 'Ice gathering timeout' }), [
    { type: 'TRANSPORT.FAILED', code: 'NETWORK', message: 'The call could not be connected', retryable: false }
  ]);
});

t.test('a start() failure the SDK did not tear down is hung up when the session stops; a destroyed call is not', async (t) => {
  const f = fakeSdk((call) => {
    call.startResult = Promise.reject(new Error('Request timed out'));
    call.startResult.catch(() => undefined);
  });
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const failed = dial(transport);
  await tick();
  t.same(failed.events, [{ type: 'TRANSPORT.FAILED', code: 'NETWORK', message: 'Request timed out', retryable: false }]);
  failed.call.hangup();
  t.same(f.made[0]!.calls, ['start', 'hangup'], 'the relay is told the call is over');

  await resetSignalWireClient();
  const g = fakeSdk();
  const ended = dial(createSignalWireTransport({ loadSdk: async () => g.sdk }));
  await tick();
  Object.assign(g.made[0]!, { cause: 'USER_BUSY', causeCode: 17 });
  g.made[0]!.fire('destroy');
  ended.call.hangup();
  t.same(g.made[0]!.calls, ['start'], 'no hangup for a call the SDK already destroyed');
});

// docs/adr/0081: the SDK chunk and its connection ahead of the first dial.
t.test('preload fetches the SDK once; the dial reuses it', async (t) => {
  const f = fakeSdk();
  let loads = 0;
  const transport = createSignalWireTransport({ loadSdk: async () => (loads++, f.sdk) });
  await transport.preload!();
  await transport.preload!();
  t.equal(loads, 1);
  t.same(f.connects, [], 'loading is not connecting');
  dial(transport);
  await tick();
  t.equal(loads, 1, 'the dial did not fetch it again');
  t.equal(f.dials.length, 1);
});

t.test('preconnect opens the page client with the token; the dial finds it open', async (t) => {
  const f = fakeSdk();
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  await transport.preconnect!({ ...token, relayHost: 'ws://127.0.0.1:7450' });
  t.same(f.connects, [{ token: 'tok-1', host: 'ws://127.0.0.1:7450', logLevel: 'silent' }]);
  dial(transport, { ...token, relayHost: 'ws://127.0.0.1:7450' });
  await tick();
  t.same(f.connects.length, 1, 'no second connect');
  t.same(f.updates, [], 'same token: nothing to hand over');
  t.equal(f.dials.length, 1);
});

t.test('a failed preconnect or preload is forgotten: the dial connects and reports for itself', async (t) => {
  const f = fakeSdk();
  let failConnect = true;
  let failLoad = true;
  const transport = createSignalWireTransport({
    loadSdk: async () => {
      if (failLoad) throw new Error('chunk failed');
      return {
        SignalWire: async (params) => {
          if (failConnect) throw new Error('WebSocket closed');
          return f.sdk.SignalWire(params);
        }
      };
    }
  });
  await transport.preload!();
  failLoad = false;
  await transport.preconnect!(token);
  t.same(f.connects, [], 'the early connect failed, quietly');
  failConnect = false;
  const { events } = dial(transport);
  await tick();
  t.same(
    f.connects.map((c) => c.token),
    ['tok-1'],
    'the dial connected'
  );
  t.equal(f.dials.length, 1);
  t.same(events, []);
});

t.test('preconnect without WebRTC does nothing', async (t) => {
  delete (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection;
  const f = fakeSdk();
  let loads = 0;
  const transport = createSignalWireTransport({ loadSdk: async () => (loads++, f.sdk) });
  await transport.preconnect!(token);
  t.equal(loads, 0);
  t.same(f.connects, []);
});

// docs/adr/0131: the microphone opened at the click, in parallel with the contact and the call log.
/** A capture whose tracks record being stopped. */
function fakeStream() {
  const track = { stopped: false, stop: () => (track.stopped = true) };
  return { stream: { getTracks: () => [track] } as unknown as MediaStream, track };
}

t.test("the microphone opened at the click is the dial's: one capture per call, handed to the SDK call, closed at the end", async (t) => {
  const f = fakeSdk((call) => Object.assign(call, { options: {} }));
  const { stream, track } = fakeStream();
  const asked: MediaStreamConstraints[] = [];
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk, getUserMedia: async (c) => (asked.push(c), stream) });
  transport.openMicrophone!();
  t.same(asked, [{ audio: true, video: false }], 'asked for at the click');
  const { events } = dial(transport);
  await tick();
  t.equal(asked.length, 1, 'the dial took the capture: no second request');
  t.equal((f.made[0] as unknown as { options: { localStream?: MediaStream } }).options.localStream, stream, 'handed to the SDK call before start()');
  t.same(f.made[0]!.calls, ['start']);
  t.equal(track.stopped, false, 'open while the call is set up');
  f.made[0]!.fire('destroy');
  await tick();
  t.equal(track.stopped, true, 'closed with the call');
  t.match(events, [{ type: 'TRANSPORT.ENDED' }]);
});

t.test('a refusal of the microphone opened at the click is reported by the dial, and the SDK is never loaded', async (t) => {
  let loaded = false;
  const transport = createSignalWireTransport({
    loadSdk: async () => ((loaded = true), fakeSdk().sdk),
    getUserMedia: async () => {
      throw Object.assign(new Error('denied'), { name: 'NotAllowedError' });
    }
  });
  transport.openMicrophone!();
  await tick();
  const { events } = dial(transport);
  await tick();
  t.equal(loaded, false);
  t.same(events, [{ type: 'TRANSPORT.FAILED', code: 'MIC_DENIED', message: 'Microphone access was denied', retryable: false }]);
});

// docs/adr/0142: the SDK's call is built only once the capture answered, also on a connected client.
/** A capture that answers when the test says. */
function pendingCapture() {
  const { stream, track } = fakeStream();
  let grant!: () => void;
  let refuse!: () => void;
  const capture = new Promise<MediaStream>((resolve, reject) => {
    grant = () => resolve(stream);
    refuse = () => reject(Object.assign(new Error('denied'), { name: 'NotAllowedError' }));
  });
  return { capture, stream, track, grant: () => grant(), refuse: () => refuse() };
}

t.test('a connected page client: the call is built only once the capture answered, and handed it', async (t) => {
  const f = fakeSdk((call) => Object.assign(call, { options: {} }));
  const mic = pendingCapture();
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk, getUserMedia: () => mic.capture });
  await transport.preconnect!(token);
  transport.openMicrophone!();
  const { events } = dial(transport);
  await tick();
  t.equal(f.dials.length, 0, 'not built while the capture opens (the SDK would list the devices beside it)');
  mic.grant();
  await tick();
  t.equal(f.dials.length, 1, 'built with the capture');
  t.equal((f.made[0] as unknown as { options: { localStream?: MediaStream } }).options.localStream, mic.stream, 'handed the capture');
  t.same(f.made[0]!.calls, ['start']);
  t.equal(f.connects.length, 1, 'on the connected client');
  t.same(events, []);
});

t.test('a connected page client and a refused capture or a hangup while it opens: nothing is built', async (t) => {
  for (const end of ['refused', 'hung up'] as const) {
    const f = fakeSdk();
    const mic = pendingCapture();
    const transport = createSignalWireTransport({ loadSdk: async () => f.sdk, getUserMedia: () => mic.capture });
    await transport.preconnect!(token);
    const { call, events } = dial(transport);
    await tick();
    if (end === 'refused') mic.refuse();
    else {
      call.hangup();
      mic.grant();
    }
    await tick();
    t.equal(f.dials.length, 0, `${end}: no SDK call`);
    if (end === 'refused') t.same(events, [{ type: 'TRANSPORT.FAILED', code: 'MIC_DENIED', message: 'Microphone access was denied', retryable: false }]);
    else {
      t.equal(mic.track.stopped, true, 'the capture closed');
      t.same(events, []);
    }
  }
});

t.test('a client whose token is being renewed is not used early: the dial waits for the renewal', async (t) => {
  const f = fakeSdk();
  let renewed!: () => void;
  const renewal = new Promise<void>((resolve) => (renewed = resolve));
  const sdk: SignalWireSdk = {
    SignalWire: async (params) => Object.assign(await f.sdk.SignalWire(params), { updateToken: () => renewal })
  };
  const mic = pendingCapture();
  const transport = createSignalWireTransport({ loadSdk: async () => sdk, getUserMedia: () => mic.capture });
  await transport.preconnect!(token);
  const next = { ...token, token: 'tok-2' };
  void transport.preconnect!(next); // renews the page client's token
  await tick();
  dial(transport, next);
  mic.grant();
  await tick();
  t.equal(f.dials.length, 0, 'not built on a client still taking its new token');
  renewed();
  await tick();
  t.equal(f.dials.length, 1);
  t.same(f.made[0]!.calls, ['start']);
});

t.test('releaseMicrophone closes a capture no dial took; the next dial asks again', async (t) => {
  const f = fakeSdk();
  const captures: Array<ReturnType<typeof fakeStream>> = [];
  const transport = createSignalWireTransport({
    loadSdk: async () => f.sdk,
    getUserMedia: async () => {
      const capture = fakeStream();
      captures.push(capture);
      return capture.stream;
    }
  });
  transport.openMicrophone!();
  transport.openMicrophone!();
  transport.releaseMicrophone!();
  await tick();
  t.equal(captures.length, 1, 'one capture for two opens');
  t.equal(captures[0]!.track.stopped, true, 'released: closed');
  dial(transport);
  await tick();
  t.equal(captures.length, 2, 'the dial opened its own');
  transport.releaseMicrophone!();
  await tick();
  t.equal(captures[1]!.track.stopped, false, "a release after the dial took its capture leaves the call's alone");
});

t.test('a hangup while the call waits for the SDK closes the capture; nothing is dialled', async (t) => {
  const f = fakeSdk();
  const { stream, track } = fakeStream();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const transport = createSignalWireTransport({ loadSdk: async () => (await gate, f.sdk), getUserMedia: async () => stream });
  transport.openMicrophone!();
  const { call, events } = dial(transport);
  await tick();
  call.hangup();
  t.equal(track.stopped, true);
  release();
  await tick();
  t.equal(f.dials.length, 0);
  t.same(events, []);
});

t.test('an SDK that opens its own capture after all: ours is closed once start() settles', async (t) => {
  const own = fakeStream().stream;
  const f = fakeSdk((call) => {
    call.startResult = Promise.resolve();
    Object.assign(call, { localStream: own });
  });
  const { stream, track } = fakeStream();
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk, getUserMedia: async () => stream });
  dial(transport);
  await tick();
  t.same(f.made[0]!.calls, ['start']);
  t.equal(track.stopped, true);
});

// docs/adr/0110: the SDK's socket (session.*) and media (media.*) reconnect events, and the far end's media.
t.test('the link going down and back is reported as reconnecting and reconnected; listeners go with the call', async (t) => {
  const f = fakeSdk();
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const { events, call } = dial(transport);
  await tick();
  const sdkCall = f.made[0]!;
  sdkCall.fire('active');
  sdkCall.session.fire('session.reconnecting');
  sdkCall.session.fire('session.reconnecting');
  sdkCall.session.fire('session.connected');
  sdkCall.session.fire('session.reconnecting');
  sdkCall.session.fire('session.connected');
  sdkCall.session.fire('session.connected');
  t.same(
    events.map((e) => e.type),
    ['TRANSPORT.CONNECTED', 'TRANSPORT.RECONNECTING', 'TRANSPORT.RECONNECTED', 'TRANSPORT.RECONNECTING', 'TRANSPORT.RECONNECTED'],
    'one report per change, none for a session.connected that was no reconnect (a token renewal)'
  );
  t.ok(sdkCall.session.count() > 0, 'listening to the page session while the call lasts');
  call.hangup();
  t.equal(sdkCall.session.count(), 0, 'the shared session is let go with the call');
});

/** A peer connection whose one receiver last delivered a frame from an RTP packet at `heard()`. */
const receiving = (heard: () => number) =>
  ({ getReceivers: () => [{ getSynchronizationSources: () => [{ timestamp: heard(), source: 1 }] }] }) as unknown as RTCPeerConnection;

t.test('media that went on without the socket and then stops: the far end is gone, the call ends at once', async (t) => {
  let heard = Date.now();
  const flowing = setInterval(() => (heard = Date.now()), 20);
  t.teardown(() => clearInterval(flowing));
  const f = fakeSdk((c) => {
    c.peer.instance = receiving(() => heard);
  });
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const { events } = dial(transport);
  await tick();
  const sdkCall = f.made[0]!;
  sdkCall.fire('active');
  sdkCall.session.fire('session.reconnecting');
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  t.equal(events.at(-1)?.type, 'TRANSPORT.RECONNECTING', 'media still arriving: still reconnecting');
  clearInterval(flowing);
  const stoppedAt = Date.now();
  while (events.at(-1)?.type !== 'TRANSPORT.ENDED' && Date.now() - stoppedAt < 3_000) await new Promise((resolve) => setTimeout(resolve, 20));
  const after = Date.now() - stoppedAt;
  t.same(events.at(-1), { type: 'TRANSPORT.ENDED', sdkReason: 'MEDIA_STOPPED' }, 'ended without a cause, with the reason');
  t.ok(after >= 950 && after <= 1_400, `ended ${after} ms after the far end's media stopped`);
  t.equal(sdkCall.session.count(), 0, 'and stops listening');
});

t.test('media silent from the moment the link went down (our own network): the SDK is left to decide', async (t) => {
  const lastHeard = Date.now() - 50;
  const f = fakeSdk((c) => {
    c.peer.instance = receiving(() => lastHeard);
  });
  const transport = createSignalWireTransport({ loadSdk: async () => f.sdk });
  const { events, call } = dial(transport);
  await tick();
  f.made[0]!.fire('active');
  f.made[0]!.session.fire('session.reconnecting');
  await new Promise((resolve) => setTimeout(resolve, 1_600));
  t.equal(events.at(-1)?.type, 'TRANSPORT.RECONNECTING', 'no media since the loss says nothing of the far end: still reconnecting');
  call.hangup();
});

t.test('microphone allowed: a device read that never answers fails the call MIC_ERROR after 5 s, the SDK never loaded', async (t) => {
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true,
    value: { mediaDevices: { getUserMedia: async () => ({ getTracks: () => [] }) }, permissions: { query: async () => ({ state: 'granted' }) } }
  });
  let loaded = false;
  const transport = createSignalWireTransport({
    loadSdk: async () => ((loaded = true), fakeSdk().sdk),
    getUserMedia: () => new Promise<MediaStream>(() => {})
  });
  const started = Date.now();
  const { events } = dial(transport);
  await new Promise((resolve) => setTimeout(resolve, 4_500));
  t.same(events, [], 'still waiting at 4.5 s');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  t.same(events, [{ type: 'TRANSPORT.FAILED', code: 'MIC_ERROR', message: 'The microphone could not be opened', retryable: false }]);
  t.ok(Date.now() - started < 6_000);
  t.equal(loaded, false, 'nothing reached SignalWire');
});

t.test('microphone not yet allowed (the browser may be asking): no bound on the read', async (t) => {
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true,
    value: { mediaDevices: { getUserMedia: async () => ({ getTracks: () => [] }) }, permissions: { query: async () => ({ state: 'prompt' }) } }
  });
  const transport = createSignalWireTransport({ loadSdk: async () => fakeSdk().sdk, getUserMedia: () => new Promise<MediaStream>(() => {}) });
  const { events } = dial(transport);
  await new Promise((resolve) => setTimeout(resolve, 5_500));
  t.same(events, [], 'the person may still be deciding');
});
