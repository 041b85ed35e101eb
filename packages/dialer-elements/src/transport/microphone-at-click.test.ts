// docs/adr/0131: <sw-dialer> with the real SignalWire transport in this browser (its real getUserMedia, the
// fake capture device of the test browsers) and a stand-in SDK: the microphone opens at the click while the
// call log is asked, the SDK call is handed that capture, and a call that never reached the SDK closes it.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../define.js';
import { installFakeApi, record, until } from '../../test/browser/helpers.js';
import type { SwDialer } from '../elements/sw-dialer/sw-dialer.js';
import { createSignalWireTransport, resetSignalWireClient, type SdkCall, type SignalWireSdk } from './signalwire.js';

/** The SDK's call as far as this test plays it: `start()` stays pending (the far end rings). */
function standInSdk() {
  const calls: Array<{ to: string; options: { localStream?: MediaStream }; started: boolean; hungUp: boolean }> = [];
  const sdk: SignalWireSdk = {
    SignalWire: async () => ({
      dial: async (params) => {
        const call = { to: params.to, options: {} as { localStream?: MediaStream }, started: false, hungUp: false };
        calls.push(call);
        return {
          options: call.options,
          get localStream() {
            return call.options.localStream;
          },
          on: () => undefined,
          off: () => undefined,
          start: () => ((call.started = true), new Promise<unknown>(() => undefined)),
          hangup: async () => void (call.hungUp = true),
          sendDigits: async () => undefined,
          hold: async () => undefined,
          unhold: async () => undefined,
          audioMute: async () => undefined,
          audioUnmute: async () => undefined
        } as unknown as SdkCall;
      },
      updateToken: async () => undefined,
      disconnect: async () => undefined
    })
  };
  return { sdk, calls };
}

async function mount() {
  const { sdk, calls } = standInSdk();
  const captures: MediaStream[] = [];
  const transport = createSignalWireTransport({
    loadSdk: async () => sdk,
    getUserMedia: async (constraints) => {
      const stream = await navigator.mediaDevices.getUserMedia(constraints);
      captures.push(stream);
      return stream;
    }
  });
  const el = await fixture<SwDialer>(
    html`<sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US"></sw-dialer>`
  );
  el.transport = transport;
  el.authToken = 'host-session-jwt';
  return { el, calls, captures };
}

const live = (stream: MediaStream | undefined) => stream?.getTracks().some((track) => track.readyState === 'live') ?? false;

describe('the microphone at the click', () => {
  let api: ReturnType<typeof installFakeApi>;
  beforeEach(async () => {
    localStorage.clear();
    await resetSignalWireClient();
    api = installFakeApi();
  });
  afterEach(async () => {
    fixtureCleanup();
    await new Promise((resolve) => setTimeout(resolve, 20));
    api.restore();
    localStorage.clear();
  });

  it('opens while the call log is asked; the SDK call is handed that one capture, which ends with the call', async () => {
    const { el, calls, captures } = await mount();
    let answer!: () => void;
    api.holds['/api/telephony/calls'] = new Promise<void>((resolve) => (answer = resolve));
    expect(await el.dial('+12025550106')).to.equal(true);
    if (typeof RTCPeerConnection !== 'function') {
      // WebKitGTK here: no WebRTC, so nothing is opened; the call fails as before, in plain words.
      answer();
      await until(() => el.state === 'failed', 'failed');
      expect(captures).to.have.length(0);
      return;
    }
    await until(() => captures.length === 1 && live(captures[0]), 'the capture open before the create is answered');
    expect(calls, 'nothing dialled before the create was answered').to.have.length(0);
    answer();
    await until(() => calls[0]?.started === true, 'dialled once the log has the call');
    expect(calls[0]!.options.localStream, "the SDK call's peer sends the capture opened at the click").to.equal(captures[0]);
    expect(captures, 'the device opened once').to.have.length(1);
    expect(live(captures[0])).to.equal(true);
    el.hangup();
    await until(() => el.state === 'ended', 'ended');
    expect(live(captures[0]), 'closed with the call').to.equal(false);
  });

  it('a call cancelled before the call log answered never reaches the SDK, and its capture is closed', async () => {
    const { el, calls, captures } = await mount();
    let answer!: () => void;
    api.holds['/api/telephony/calls'] = new Promise<void>((resolve) => (answer = resolve));
    expect(await el.dial('+12025550106')).to.equal(true);
    if (typeof RTCPeerConnection === 'function') await until(() => captures.length === 1, 'the capture opened at the click');
    el.hangup();
    await until(() => el.state === 'ended', 'ended');
    answer();
    await until(() => captures.every((stream) => !live(stream)), 'the capture closed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls, 'SignalWire never dialled').to.have.length(0);
  });

  it('a sw-before-dial listener that prevents the call: the microphone is never asked for', async () => {
    const { el, captures } = await mount();
    el.addEventListener('sw-before-dial', (event) => event.preventDefault());
    const errors = record(el, 'sw-call-error');
    expect(await el.dial('+12025550106')).to.equal(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(captures).to.have.length(0);
    expect(errors).to.have.length(0);
  });
});
