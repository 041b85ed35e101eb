// Incoming calls in <sw-dialer> inside the browser: the real widget, machine, outbox and line, with the API
// an in-memory server behind `fetch`, the SDK's client and its invites played by the test (the real SDK
// against the emulator is packages/e2e/test/inbound-calls.test.ts).
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../define.js';
import { installFakeApi, record, shadow, until } from '../../test/browser/helpers.js';
import { createScriptedTransport } from '../../test/fakes/scripted-transport.js';
import type { SwDialer } from '../elements/sw-dialer/sw-dialer.js';
import type { SwIncomingCall } from '../elements/sw-incoming-call/sw-incoming-call.js';
import type { SdkInvite } from './answer-transport.js';
import { closePageClient } from '../transport/page-client.js';
import { sdkSource, type OnlineClient, type Sdk } from './inbound-line.js';

const ADA = '+12025550100';
const EVENTS = ['sw-incoming-call', 'sw-online-change', 'sw-call-ended', 'sw-call-error', 'sw-call-logged', 'sw-call-state-change'];

interface FakeLine {
  online: number;
  offline: number;
  disconnected: number;
  offer(number: string): FakeInvite;
}
type FakeInvite = SdkInvite & { rejected: number; accepted: number; fire(event: string): void; hungUp: number; cause?: string };

/** The SDK as the line sees it: one client per page; each `offer()` is an invite reaching whoever is online. */
function fakeSdk(): FakeLine {
  let handler: ((notification: { invite: SdkInvite }) => void) | undefined;
  let calls = 0;
  const line: FakeLine = {
    online: 0,
    offline: 0,
    disconnected: 0,
    offer(number) {
      const handlers = new Map<string, () => void>();
      const sdkCall = {
        id: `prov-${++calls}`,
        cause: undefined as string | undefined,
        causeCode: undefined as number | undefined,
        on: (event: string, run: () => void) => handlers.set(event, run),
        hangup: async () => {
          invite.hungUp += 1;
        },
        start: async () => undefined,
        sendDigits: async () => undefined,
        hold: async () => undefined,
        unhold: async () => undefined,
        audioMute: async () => undefined,
        audioUnmute: async () => undefined
      };
      const invite: FakeInvite = {
        details: { callID: `call-${calls}`, caller_id_number: number, caller_id_name: '' },
        rejected: 0,
        accepted: 0,
        hungUp: 0,
        reject: async () => {
          invite.rejected += 1;
        },
        accept: async () => {
          invite.accepted += 1;
          return sdkCall;
        },
        fire(event) {
          if (event === 'destroy') Object.assign(sdkCall, { cause: 'NORMAL_CLEARING', causeCode: 16 });
          handlers.get(event)?.();
        }
      };
      if (!handler) throw new Error('nobody is online');
      handler({ invite });
      return invite;
    }
  };
  const client: OnlineClient = {
    async online({ incomingCallHandlers }) {
      line.online += 1;
      handler = incomingCallHandlers.websocket;
    },
    async offline() {
      line.offline += 1;
      handler = undefined;
    },
    async updateToken() {},
    async disconnect() {
      line.disconnected += 1;
    }
  };
  sdkSource.load = async () => ({ SignalWire: async () => client }) as Sdk;
  return line;
}

async function mountOnline(attributes = '') {
  const box = await fixture<HTMLDivElement>(html`<div></div>`);
  box.innerHTML = `<sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US" ${attributes}></sw-dialer>`;
  const el = box.querySelector('sw-dialer') as SwDialer;
  const transport = createScriptedTransport();
  el.transport = transport;
  el.authToken = 'host-session-jwt';
  const events = record<Record<string, unknown>>(el, ...EVENTS);
  el.goOnline();
  return { el, transport, events };
}

const named = (events: Array<{ type: string; detail: Record<string, unknown> }>, type: string) => events.filter((e) => e.type === type).map((e) => e.detail);
const panel = (el: SwDialer) => el.shadowRoot!.querySelector<SwIncomingCall>('sw-incoming-call');
async function panelShows(el: SwDialer, predicate: (p: SwIncomingCall) => boolean, what: string) {
  await until(() => !!panel(el) && predicate(panel(el)!), what);
  await panel(el)!.updateComplete;
  return panel(el)!;
}

describe('incoming calls (<sw-dialer online>)', () => {
  let api: ReturnType<typeof installFakeApi>;
  let sdk: FakeLine;
  beforeEach(() => {
    // A call-log write a previous test's widget left queued is not this test's to receive.
    localStorage.clear();
    api = installFakeApi();
    api.contacts.push({ id: 'c-ada', displayName: 'Ada Answers', company: 'Northwind Traders', phoneNumbers: [{ e164: ADA, type: 'work' }] });
    api.presence.set(ADA, { number: ADA, available: true, status: 'available', lastSeenAt: null, degraded: false });
    sdk = fakeSdk();
  });
  afterEach(async () => {
    fixtureCleanup();
    // The line is given up a task after the widget leaves the page.
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The page's one client (transport/page-client.ts) is the test's: the next test connects its own.
    await closePageClient();
    api.restore();
  });

  it('goes online through the SDK client, and offline again', async () => {
    const { el, events } = await mountOnline();
    await until(() => named(events, 'sw-online-change').length === 1, 'online');
    expect(sdk.online).to.equal(1);
    expect(el.hasAttribute('online')).to.equal(true, 'reflected');
    el.goOffline();
    await until(() => sdk.offline === 1, 'offline');
    expect(named(events, 'sw-online-change')).to.deep.equal([{ online: true }, { online: false }]);
  });

  it('rings with the contact and presence; Decline turns the caller away and logs declined-by-agent', async () => {
    const { el, events } = await mountOnline('ringtone="off"');
    await until(() => sdk.online === 1, 'online');
    const invite = sdk.offer(ADA);
    const shown = await panelShows(el, (p) => p.name === 'Ada Answers' && p.presence === 'available', 'the caller named, with presence');
    expect(shown.company).to.equal('Northwind Traders');
    expect(named(events, 'sw-incoming-call')).to.deep.equal([{ number: ADA, contact: api.contacts[0] }]);
    shadow<HTMLButtonElement>(shown, '[part="decline"]').click();
    await until(() => api.calls.length === 1, 'the declined call logged');
    expect(invite.rejected).to.equal(1, 'the caller hears busy');
    expect(api.calls[0]).to.include({ direction: 'inbound', number: ADA, status: 'ended', endReason: 'declined-by-agent', durationMs: 0, contactId: 'c-ada' });
    expect(named(events, 'sw-call-ended')).to.deep.equal([{ callId: null, number: ADA, status: 'ended', endReason: 'declined-by-agent', durationMs: 0 }]);
    await until(() => named(events, 'sw-call-logged').length === 1, 'sw-call-logged (the history reloads on it)');
    await el.updateComplete;
    expect(panel(el)).to.equal(null);
    expect(el.state).to.equal('idle', 'a declined call never became a call');
  });

  it('the panel is rendered once while it rings: its buttons stay put (focus is not lost)', async () => {
    const { el } = await mountOnline('ringtone="off"');
    await until(() => sdk.online === 1, 'online');
    sdk.offer(ADA);
    const shown = await panelShows(el, () => true, 'ringing');
    const answer = shadow<HTMLButtonElement>(shown, '[part="answer"]');
    answer.focus();
    await panelShows(el, (p) => p.name === 'Ada Answers' && p.presence === 'available', 'looked up');
    for (let i = 0; i < 5; i++) {
      el.requestUpdate();
      await el.updateComplete;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(panel(el)).to.equal(shown, 'the same panel');
    expect(answer.isConnected).to.equal(true, 'the same button');
    expect(shown.shadowRoot!.activeElement).to.equal(answer, 'still focused');
  });

  it('unanswered for ring-timeout seconds: missed, logged in one write', async () => {
    const { el } = await mountOnline('ring-timeout="1" ringtone="off"');
    await until(() => sdk.online === 1, 'online');
    const invite = sdk.offer(ADA);
    await panelShows(el, () => true, 'ringing');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(panel(el), 'still ringing before its time').to.not.equal(null);
    await until(() => api.calls.length === 1, 'the missed call logged', 3_000);
    expect(api.calls[0]).to.include({ direction: 'inbound', status: 'ended', endReason: 'missed', durationMs: 0, answeredAt: null });
    expect(api.requests.filter((r) => r.method === 'PATCH')).to.have.length(0, 'one create, no patch');
    expect(invite.rejected).to.equal(1, 'a caller still waiting is not left ringing');
    await el.updateComplete;
    expect(panel(el)).to.equal(null);
  });

  it('Answer: the machine takes the call, logged inbound from its ring; then an ordinary call', async () => {
    const { el, events, transport } = await mountOnline('ringtone="off"');
    await until(() => sdk.online === 1, 'online');
    const invite = sdk.offer(ADA);
    const shown = await panelShows(el, (p) => p.name === 'Ada Answers', 'ringing');
    shadow<HTMLButtonElement>(shown, '[part="answer"]').click();
    await until(() => invite.accepted === 1, 'the invite accepted');
    expect(transport.calls).to.have.length(0, 'nothing was dialled');
    // The SDK's speaker watcher of the answered call rejects uncaught in Firefox: kept off the host page.
    const watcherRejection = new PromiseRejectionEvent('unhandledrejection', {
      promise: Promise.resolve(),
      reason: new Error('You must ask the user for permissions before being able to listen for device changes.'),
      cancelable: true
    });
    window.dispatchEvent(watcherRejection);
    expect(watcherRejection.defaultPrevented, "the SDK's watcher rejection is quieted").to.equal(true);
    invite.fire('active');
    await until(() => el.state === 'connected', 'connected');
    expect(panel(el)).to.equal(null);
    await until(() => api.calls[0]?.status === 'connected', 'the answer logged');
    expect(api.calls[0]).to.include({ direction: 'inbound', number: ADA, status: 'connected', contactId: 'c-ada', providerCallId: 'prov-1' });
    el.mute();
    expect((el as unknown as { shadowRoot: ShadowRoot }).shadowRoot.querySelector('sw-call-timer'), 'the timer runs').to.not.equal(null);
    el.hangup();
    await until(() => api.calls[0]!.status === 'ended', 'the end logged');
    expect(invite.hungUp).to.equal(1, 'the SDK call is hung up');
    expect(api.calls[0]).to.include({ endReason: 'local-hangup' });
    expect(named(events, 'sw-call-ended')[0]).to.include({ status: 'ended', endReason: 'local-hangup' });
    expect(api.calls).to.have.length(1);
  });

  it('the caller hangs up an answered call: remote-hangup', async () => {
    const { el } = await mountOnline('ringtone="off"');
    await until(() => sdk.online === 1, 'online');
    const invite = sdk.offer(ADA);
    shadow<HTMLButtonElement>(await panelShows(el, () => true, 'ringing'), '[part="answer"]').click();
    await until(() => invite.accepted === 1, 'accepted');
    invite.fire('active');
    await until(() => el.state === 'connected', 'connected');
    invite.fire('destroy');
    await until(() => el.state === 'ended', 'ended');
    await until(() => api.calls[0]?.status === 'ended', 'logged');
    expect(api.calls[0]).to.include({ direction: 'inbound', endReason: 'remote-hangup' });
  });

  it('while a call is up: the call shows silently; Answer is refused, saying why', async () => {
    const { el, events, transport } = await mountOnline('ringtone="off"');
    await until(() => sdk.online === 1, 'online');
    await el.dial('+12025550142');
    await until(() => transport.calls.length === 1, 'dialled');
    transport.calls[0]!.answer();
    await until(() => el.state === 'connected', 'on a call');
    const invite = sdk.offer(ADA);
    const shown = await panelShows(el, (p) => p.busy, 'the incoming call with its notice');
    expect(shadow(shown, '[part="notice"]').textContent).to.equal('You are on a call: end it to answer this one');
    shadow<HTMLButtonElement>(shown, '[part="answer"]').click();
    await until(() => named(events, 'sw-call-error').length === 1, 'the refusal');
    expect(named(events, 'sw-call-error')[0]).to.include({ code: 'CALL_IN_PROGRESS' });
    expect(invite.accepted).to.equal(0);
    expect(el.state).to.equal('connected', 'the call up is untouched');
    shadow<HTMLButtonElement>(shown, '[part="decline"]').click();
    await until(() => invite.rejected === 1, 'declined');
  });

  it("the panel speaks the dialer's language, and follows a change of it (ADR 120)", async () => {
    const { el } = await mountOnline('ringtone="off" lang="de"');
    await until(() => sdk.online === 1, 'online');
    sdk.offer(ADA);
    const shown = await panelShows(el, (p) => p.name === 'Ada Answers', 'the caller named');
    await until(() => shadow(shown, '[part="answer"]').textContent === 'Annehmen', 'German words', 5000);
    expect(shadow(shown, '[role="alert"]').textContent).to.equal('Eingehender Anruf von Ada Answers, Northwind Traders');
    expect(shadow(shown, '[part="card"]').getAttribute('aria-label')).to.equal('Eingehender Anruf');
    el.setAttribute('lang', 'es');
    await until(() => shadow(shown, '[part="decline"]').textContent === 'Rechazar', 'Spanish words', 5000);
    shadow<HTMLButtonElement>(shown, '[part="decline"]').click();
    await until(() => api.calls.length === 1, 'the declined call logged');
  });

  it('two lines in one browser (two widgets: as two tabs): one goes online; the other shows where it rings', async () => {
    const first = await mountOnline('ringtone="off"');
    await until(() => sdk.online === 1, 'the first online');
    const second = await mountOnline('ringtone="off"');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sdk.online).to.equal(1, 'the second waits for the line');
    sdk.offer(ADA);
    await panelShows(first.el, (p) => p.mode === 'ringing', 'the first rings');
    const elsewhere = await panelShows(second.el, (p) => p.mode === 'elsewhere' && p.name === 'Ada Answers', 'the second says where it rings');
    expect(elsewhere.shadowRoot!.querySelector('button')).to.equal(null);
    expect(named(second.events, 'sw-incoming-call')).to.have.length(0);
    shadow<HTMLButtonElement>(panel(first.el)!, '[part="decline"]').click();
    await until(() => panel(second.el) === null, 'the notice cleared');
    first.el.goOffline();
    await until(() => sdk.online === 2, 'the line passed to the second');
    expect(named(second.events, 'sw-online-change')).to.deep.equal([{ online: true }]);
  });

  it('a call placed where the line waits takes the line: the owner goes offline and closes its connection (ADR 137)', async () => {
    const first = await mountOnline('ringtone="off"');
    await until(() => sdk.online === 1, 'the first online');
    const second = await mountOnline('ringtone="off"');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sdk.online).to.equal(1, 'the second waits for the line');
    await second.el.dial('+12025550142');
    await until(() => second.transport.calls.length === 1, 'the second dials');
    await until(() => named(second.events, 'sw-online-change').length === 1, 'the second takes the line');
    expect(named(second.events, 'sw-online-change')).to.deep.equal([{ online: true }]);
    expect(named(first.events, 'sw-online-change')).to.deep.equal([{ online: true }, { online: false }], 'the first lost it');
    await until(() => first.transport.dropped === 1, "the first closes the profile's second connection");
    expect(sdk.online).to.equal(2);
    expect(sdk.offline).to.equal(1, 'the first went offline');
    expect(second.transport.dropped).to.equal(0, "the call's connection stays");
    // An incoming call meanwhile rings where the call is: shown silently beside it.
    second.transport.calls[0]!.answer();
    await until(() => second.el.state === 'connected', 'on the call');
    const invite = sdk.offer(ADA);
    await panelShows(second.el, (p) => p.busy, 'the call that rings meanwhile, shown beside the call');
    shadow<HTMLButtonElement>(panel(second.el)!, '[part="decline"]').click();
    await until(() => invite.rejected === 1, 'declined');
    // The first waits for the line again, and has it back when the second goes offline.
    second.el.goOffline();
    await until(() => sdk.online === 3, 'the line back in the first');
    expect(named(first.events, 'sw-online-change')).to.deep.equal([{ online: true }, { online: false }, { online: true }]);
  });

  it('while the line rings in its owner, a call placed elsewhere leaves the line there until it is quiet', async () => {
    const first = await mountOnline('ringtone="off"');
    await until(() => sdk.online === 1, 'the first online');
    const second = await mountOnline('ringtone="off"');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const invite = sdk.offer(ADA);
    await panelShows(second.el, (p) => p.mode === 'elsewhere', 'the second says where it rings');
    await second.el.dial('+12025550142');
    await until(() => second.transport.calls.length === 1, 'the second dials');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sdk.online).to.equal(1, 'the line stays while it rings');
    expect(invite.rejected).to.equal(0, 'the ringing call is not turned away');
    shadow<HTMLButtonElement>(panel(first.el)!, '[part="decline"]').click();
    await until(() => sdk.online === 2, 'then the line follows the call');
    expect(named(first.events, 'sw-online-change')).to.deep.equal([{ online: true }, { online: false }]);
  });
});
