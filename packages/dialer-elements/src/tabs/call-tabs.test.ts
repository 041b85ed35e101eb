// The call shared between tabs (docs/adr/0125), in one page: the test plays the other tab with a
// BroadcastChannel of its own on the widget's channel (a channel never hears itself, but hears every other
// channel of the same name, in this page or another tab). Real machine, API client, outbox and elements;
// the provider is played by a scripted transport, the API by an in-memory server behind `fetch`.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../define.js';
import { installFakeApi, record, shadow, until } from '../../test/browser/helpers.js';
import { createScriptedTransport } from '../../test/fakes/scripted-transport.js';
import type { SwCallControls } from '../elements/sw-call-controls/sw-call-controls.js';
import type { SwDialer } from '../elements/sw-dialer/sw-dialer.js';
import type { SdkInvite } from '../inbound/answer-transport.js';
import { sdkSource, type OnlineClient, type Sdk } from '../inbound/inbound-line.js';
import { closePageClient } from '../transport/page-client.js';
import { partitionOf } from '../call-log/partition-of.js';
import { leavePage } from '../call-log/call-log-outbox.js';
import { HEARTBEAT_MS, OWNER_TIMEOUT_MS, TAB_CHANNEL, type SharedCall, type TabMessage } from './tab-channel.js';

/** The user the widgets below are signed in as (the host's token), as the tabs name it. */
const USER = partitionOf({ authorization: 'Bearer host-session-jwt' });

type CallMessage = Extract<TabMessage, { t: 'call' }>;
const EVENTS = ['sw-call-state-change', 'sw-call-ended', 'sw-call-error', 'sw-call-logged', 'sw-before-dial'];

/** The other tab: what it heard, and a way to speak. */
function otherTab(id = 'tab-b') {
  const channel = new BroadcastChannel(TAB_CHANNEL);
  const heard: Array<TabMessage & { at: number }> = [];
  channel.addEventListener('message', (event: MessageEvent<TabMessage>) => heard.push({ ...event.data, at: Date.now() }));
  return {
    heard,
    calls: () => heard.filter((m): m is CallMessage & { at: number } => m.t === 'call'),
    say: (message: Record<string, unknown>) => channel.postMessage({ from: id, ...message }),
    close: () => channel.close()
  };
}

const call = (over: Partial<SharedCall> = {}): SharedCall => ({
  state: 'connected',
  reconnecting: false,
  muted: false,
  held: false,
  via: 'browser',
  number: '+12025550101',
  displayNumber: '+1 202 555 0101',
  name: 'Lucía Gómez',
  company: 'Acme',
  answeredAt: Date.now() - 5_000,
  endedAt: null,
  callId: 'call-1',
  endReason: null,
  error: null,
  busy: false,
  ending: false,
  durationMs: null,
  quality: null,
  ...over
});

async function mount() {
  const el = await fixture<SwDialer>(
    html`<sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US"></sw-dialer>`
  );
  const transport = createScriptedTransport();
  el.transport = transport;
  el.authToken = 'host-session-jwt';
  const events = record<Record<string, unknown>>(el, ...EVENTS);
  return { el, transport, events };
}

const controls = (el: SwDialer) => shadow<SwCallControls>(el, 'sw-call-controls');
const button = (el: SwDialer, part: string) => shadow<HTMLButtonElement>(controls(el), `[part="${part}"]`);
const text = (el: Element): string => {
  const parts: string[] = [];
  const walk = (root: Node) => {
    for (const node of root.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
      if (node instanceof Element && node.localName !== 'style') {
        if (node.shadowRoot) walk(node.shadowRoot);
        walk(node);
      }
    }
  };
  walk(el.shadowRoot!);
  return parts.join(' ').replace(/\s+/g, ' ');
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The SDK's client as the incoming line sees it (as in inbound-line.test.ts): `offer()` rings the widget online. */
function fakeLine() {
  let handler: ((notification: { invite: SdkInvite }) => void) | undefined;
  const client: OnlineClient = {
    async online({ incomingCallHandlers }) {
      handler = incomingCallHandlers.websocket;
    },
    async offline() {
      handler = undefined;
    },
    async updateToken() {},
    async disconnect() {}
  };
  sdkSource.load = async () => ({ SignalWire: async () => client }) as Sdk;
  return {
    online: () => handler !== undefined,
    offer(number: string) {
      const handlers = new Map<string, () => void>();
      const sdkCall = {
        id: 'prov-in-1',
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
      const invite = {
        details: { callID: 'call-in-1', caller_id_number: number, caller_id_name: '' },
        hungUp: 0,
        accepted: 0,
        reject: async () => undefined,
        accept: async () => {
          invite.accepted += 1;
          return sdkCall;
        },
        active: () => handlers.get('active')?.()
      };
      handler!({ invite: invite as unknown as SdkInvite });
      return invite;
    }
  };
}

describe('the call from any tab', () => {
  let api: ReturnType<typeof installFakeApi>;
  let tab: ReturnType<typeof otherTab>;
  beforeEach(() => {
    localStorage.clear();
    api = installFakeApi();
    tab = otherTab();
  });
  afterEach(async () => {
    // Whatever a test left up in the "other tab" is over, so that the next test's widget may dial.
    tab.say({ t: 'call', user: USER, call: call({ state: 'ended', endedAt: Date.now(), endReason: 'remote-hangup' }) });
    fixtureCleanup();
    await sleep(30);
    tab.close();
    await closePageClient();
    api.restore();
    localStorage.clear();
  });

  // First in the file: the page asks once, when its first widget starts, as a tab opened mid-call does.
  describe('a tab opened during a call', () => {
    it("(first: the page's first widget asks) a widget started mid-call asks, and shows the call within a second", async () => {
      // The owner's side, played by the test: it answers an ask.
      const asked: number[] = [];
      const owner = new BroadcastChannel(TAB_CHANNEL);
      owner.addEventListener('message', (event: MessageEvent<TabMessage>) => {
        if (event.data.t !== 'ask') return;
        asked.push(Date.now());
        owner.postMessage({ t: 'call', from: 'tab-owner', user: USER, call: call() });
      });
      try {
        const started = Date.now();
        const { el } = await mount();
        await until(() => el.shadowRoot!.querySelector('[part="elsewhere"]') !== null && controls(el).state === 'connected', 'the call shown', 1_000);
        expect(Date.now() - started).to.be.below(1_000);
        // The page asks once, however many widgets it has (this one may have been preceded by others).
        expect(asked.length).to.be.at.most(1);
        owner.postMessage({ t: 'call', from: 'tab-owner', user: USER, call: call({ state: 'ended', endedAt: Date.now(), endReason: 'remote-hangup' }) });
        await until(() => controls(el).state === 'ended', 'ended shown');
      } finally {
        owner.close();
      }
    });
  });

  describe('the owner', () => {
    it('says its call on every change (state, contact, mute, hold, the timer start, the log id), and its end', async () => {
      const { el, transport } = await mount();
      el.number = '(202) 555-0106';
      await el.dial();
      await until(() => transport.calls.length === 1, 'the transport dialled');
      await until(() => tab.calls().some((m) => m.call.state === 'dialing'), 'dialing said');
      transport.calls[0]!.ring();
      await until(() => tab.calls().some((m) => m.call.state === 'ringing'), 'ringing said');
      const before = Date.now();
      transport.calls[0]!.answer();
      await until(() => tab.calls().some((m) => m.call.state === 'connected'), 'connected said');
      const connected = tab.calls().find((m) => m.call.state === 'connected')!;
      expect(connected.at - before, 'said at once').to.be.below(300);
      expect(connected.call).to.include({ number: '+12025550106', displayNumber: '+1 202 555 0106', via: 'browser', muted: false, held: false });
      expect(connected.call.answeredAt).to.be.a('number');
      await until(() => tab.calls().some((m) => m.call.callId !== null), 'the call-log id said');

      button(el, 'mute').click();
      await until(() => tab.calls().some((m) => m.call.muted), 'muted said');
      button(el, 'hold').click();
      await until(() => tab.calls().some((m) => m.call.held), 'held said');
      el.hangup();
      await until(() => tab.calls().some((m) => m.call.state === 'ended'), 'the end said');
      const ended = tab.calls().find((m) => m.call.state === 'ended')!;
      expect(ended.call).to.include({ endReason: 'local-hangup', callId: el.callId });
      expect(ended.call.endedAt).to.be.a('number');
      expect(ended.gone, 'an ordinary end, the owner still here').to.equal(undefined);
      // Said once: nothing more after the end (no heartbeat of a call that is over).
      const count = tab.calls().length;
      await sleep(HEARTBEAT_MS * 1.5);
      expect(tab.calls().length).to.equal(count);
    });

    it('repeats its call every heartbeat while up, and answers a tab that asks (a tab opened mid-call)', async () => {
      const { el, transport } = await mount();
      await el.dial('+12025550107');
      await until(() => transport.calls.length === 1, 'the transport dialled');
      transport.calls[0]!.answer();
      await until(() => el.state === 'connected', 'connected');
      await sleep(50);
      const from = tab.calls().length;
      await sleep(HEARTBEAT_MS * 2.5);
      expect(tab.calls().length - from, 'heartbeats').to.be.at.least(2);
      expect(
        tab
          .calls()
          .slice(from)
          .every((m) => m.call.state === 'connected')
      ).to.equal(true);

      const late = otherTab('tab-c');
      try {
        const asked = Date.now();
        late.say({ t: 'ask' });
        await until(() => late.calls().some((m) => m.at - asked < HEARTBEAT_MS / 2), 'an answer before the next heartbeat', HEARTBEAT_MS);
        expect(late.calls().at(-1)!.call).to.include({ state: 'connected', number: '+12025550107' });
      } finally {
        late.close();
      }
      el.hangup();
    });

    it("applies another tab's End, Mute and Hold through its machine, and ignores what does not apply in its state", async () => {
      const { el, transport, events } = await mount();
      await el.dial('+12025550108');
      await until(() => transport.calls.length === 1, 'the transport dialled');
      transport.calls[0]!.ring();
      await until(() => el.state === 'ringing', 'ringing');
      const owner = tab.calls().at(-1)!.from;

      // Mid-transition: Hold and Mute mean nothing while the call rings; the machine ignores them.
      tab.say({ t: 'do', to: owner, command: { type: 'HOLD' } });
      tab.say({ t: 'do', to: owner, command: { type: 'MUTE' } });
      await sleep(100);
      expect(el.state).to.equal('ringing');
      expect(transport.calls[0]!.commands).to.deep.equal([]);

      transport.calls[0]!.answer();
      await until(() => el.state === 'connected', 'connected');
      tab.say({ t: 'do', to: owner, command: { type: 'MUTE' } });
      tab.say({ t: 'do', to: owner, command: { type: 'HOLD' } });
      tab.say({ t: 'do', to: owner, command: { type: 'SEND_DIGITS', digits: '5#' } });
      await until(() => transport.calls[0]!.commands.includes('digits:5#'), 'the commands applied');
      expect(transport.calls[0]!.commands).to.deep.equal(['mute', 'hold', 'digits:5#']);
      await until(() => tab.calls().some((m) => m.call.muted && m.call.held), 'and their effect said');

      // Addressed to another tab, or not a command a mirror may send: ignored.
      tab.say({ t: 'do', to: 'someone-else', command: { type: 'HANGUP' } });
      tab.say({ t: 'do', to: owner, command: { type: 'DIAL', number: '+12025550109' } });
      await sleep(100);
      expect(el.state).to.equal('connected');

      tab.say({ t: 'do', to: owner, command: { type: 'HANGUP' } });
      await until(() => el.state === 'ended', 'ended from the other tab');
      expect(transport.calls[0]!.hungUp).to.equal(true);
      // The owner's events are as for its own End.
      expect(events.filter((e) => e.type === 'sw-call-ended').map((e) => e.detail.endReason)).to.deep.equal(['local-hangup']);
    });

    it("cancels a call still being placed on another tab's End", async () => {
      const { el, transport } = await mount();
      await el.dial('+12025550110');
      await until(() => transport.calls.length === 1, 'the transport dialled');
      expect(el.state).to.equal('dialing');
      tab.say({ t: 'do', to: tab.calls().at(-1)?.from ?? '', command: { type: 'HANGUP' } });
      await until(() => el.state === 'ended', 'canceled');
      await until(() => tab.calls().some((m) => m.call.state === 'ended' && m.call.endReason === 'canceled'), 'the cancel said');
    });

    it('says an incoming call once answered, as a placed one, and ends it on the other tab’s End', async () => {
      const line = fakeLine();
      const { el } = await mount();
      el.setAttribute('ringtone', 'off');
      el.goOnline();
      await until(() => line.online(), 'online');
      const invite = line.offer('+12025550100');
      await until(() => el.shadowRoot!.querySelector('sw-incoming-call') !== null, 'ringing in');
      expect(tab.calls(), 'a call ringing in is not yet a call').to.deep.equal([]);
      await el.updateComplete;
      shadow<HTMLButtonElement>(shadow(el, 'sw-incoming-call'), '[part="answer"]').click();
      await until(() => invite.accepted === 1, 'answered');
      invite.active();
      await until(() => tab.calls().some((m) => m.call.state === 'connected'), 'the answered call said');
      const said = tab.calls().find((m) => m.call.state === 'connected')!;
      expect(said.call).to.include({ number: '+12025550100', via: 'browser' });
      expect(said.user).to.equal(USER);
      tab.say({ t: 'do', to: said.from, command: { type: 'HANGUP' } });
      await until(() => el.state === 'ended', 'ended from the other tab');
      expect(invite.hungUp).to.equal(1, 'the SDK call hung up');
      el.goOffline();
    });

    it('closing with the call up: hangs up, tells the others it is gone, and leaves the closing write queued for them', async () => {
      const { el, transport } = await mount();
      await el.dial('+12025550111');
      await until(() => transport.calls.length === 1, 'the transport dialled');
      transport.calls[0]!.answer();
      await until(() => el.state === 'connected' && el.callId !== null, 'connected and logged');
      // The closing writes the API received (a PATCH that ends the call).
      const closes = () => api.requests.filter((r) => r.method === 'PATCH' && ['ended', 'failed'].includes((r.body as { status?: string }).status ?? ''));
      const patches = () => closes().length;
      const queuedWrites = () =>
        Object.keys(localStorage)
          .filter((k) => k.startsWith('sw-dialer:call-log-outbox'))
          .flatMap((k) => (JSON.parse(localStorage.getItem(k)!) as { entries: Array<{ kind: string; body: { status?: string } }> }).entries);
      await until(() => queuedWrites().length === 0, 'the opening writes delivered');
      const before = patches();
      try {
        window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
        expect(el.state, 'hung up in the pagehide handler').to.equal('ended');
        expect(transport.calls[0]!.hungUp).to.equal(true);
        await until(() => tab.calls().some((m) => m.gone === true), 'the goodbye');
        // The goodbye carries the call as last said; its end follows as the widget renders it.
        await until(() => tab.calls().some((m) => m.call.state === 'ended' && m.call.endReason === 'local-hangup'), 'the end said');
        await sleep(300);
        expect(patches(), 'the closing page does not send the close itself').to.equal(before);
        const queued = queuedWrites();
        expect(queued.map((e) => [e.kind, e.body.status])).to.deep.equal([['patch', 'ended']]);
      } finally {
        leavePage(false);
      }
      // Another tab's view of the same moment: this page as the one that stays, hearing an owner's goodbye.
      // Its mirror shows the end at once, and sends the writes the closing tab left queued, exactly once.
      tab.say({ t: 'call', user: USER, call: call() });
      await until(() => controls(el).state === 'connected' && el.shadowRoot!.querySelector('[part="elsewhere"]') !== null, 'the call shown', 1_000);
      // The goodbye carries the call as last said (up); the mirror shows it ended at once.
      tab.say({ t: 'call', user: USER, call: call(), gone: true });
      await until(() => controls(el).state === 'ended', 'the end shown', 500);
      await until(() => patches() === before + 1, 'the queued close sent from the tab that stays', 3_000);
      await sleep(1_500);
      expect(closes().map((r) => (r.body as { status?: string }).status)).to.deep.equal(['ended']);
    });
  });

  describe('a mirror', () => {
    it("shows the other tab's call (number, contact, timer, status) and sends End, Mute and Hold to it; no events, no dial", async () => {
      const { el, events } = await mount();
      tab.say({ t: 'call', user: USER, call: call({ state: 'ringing', answeredAt: null }) });
      await until(() => el.shadowRoot!.querySelector('[part="elsewhere"]') !== null, 'the mirror', 1_000);
      await until(() => controls(el).state === 'ringing', 'ringing shown');
      expect(text(el)).to.contain('This call is in another tab').and.contain('Ringing').and.contain('+1 202 555 0101').and.contain('Lucía Gómez');

      const answeredAt = Date.now() - 65_000;
      tab.say({ t: 'call', user: USER, call: call({ answeredAt }) });
      await until(() => controls(el).state === 'connected', 'connected shown', 1_000);
      await until(() => /\b1:0[5-7]\b/.test(text(el)), 'the timer, from the owner’s start');

      tab.heard.length = 0;
      button(el, 'mute').click();
      button(el, 'hold').click();
      button(el, 'end').click();
      await until(() => tab.heard.filter((m) => m.t === 'do').length === 3, 'three commands');
      expect(
        tab.heard.filter((m) => m.t === 'do').map((m) => [(m as Extract<TabMessage, { t: 'do' }>).to, (m as Extract<TabMessage, { t: 'do' }>).command.type])
      ).to.deep.equal([
        ['tab-b', 'MUTE'],
        ['tab-b', 'HOLD'],
        ['tab-b', 'HANGUP']
      ]);

      tab.say({ t: 'call', user: USER, call: call({ answeredAt, muted: true, held: true }) });
      await until(
        () => button(el, 'mute').getAttribute('aria-pressed') === 'true' && button(el, 'hold').getAttribute('aria-pressed') === 'true',
        'muted and held shown'
      );

      // This tab cannot dial meanwhile: refused at once, nothing sent to the API.
      const requests = api.requests.length;
      expect(await el.dial('+12025550112')).to.equal(false);
      expect(api.requests.length).to.equal(requests);
      expect(events.filter((e) => e.type === 'sw-call-error').map((e) => e.detail.code)).to.deep.equal(['CALL_IN_OTHER_TAB']);

      tab.say({ t: 'call', user: USER, call: call({ answeredAt, state: 'ended', endedAt: Date.now(), endReason: 'local-hangup' }) });
      await until(() => controls(el).state === 'ended', 'ended shown', 1_000);
      expect(text(el)).to.contain('The call in another tab is over').and.contain('You hung up');
      expect(
        events.filter((e) => e.type !== 'sw-call-error'),
        'a mirrored call fires no sw-call-* events'
      ).to.deep.equal([]);
      expect(el.state, "the widget's own state").to.equal('idle');
    });

    it('a connection this tab keeps (preconnect, an earlier call) is closed when another tab carries a call (ADR 137)', async () => {
      const { el, transport } = await mount();
      expect(await el.dial('+12025550115')).to.equal(true);
      await until(() => transport.calls.length === 1, 'dialled');
      transport.calls[0]!.answer();
      await until(() => el.state === 'connected', 'connected');
      el.hangup();
      await until(() => el.state === 'ended', 'ended');
      expect(transport.dropped, 'its own call never closes its connection').to.equal(0);
      tab.say({ t: 'call', user: USER, call: call() });
      await until(() => transport.dropped >= 1, "closed when the other tab's call is heard");
    });

    it("another user's call, signed in in another tab of the profile, is neither shown nor in the way", async () => {
      const { el, transport } = await mount();
      const other = partitionOf({ authorization: 'Bearer someone-else' });
      tab.say({ t: 'call', user: other, call: call() });
      await sleep(300);
      expect(el.shadowRoot!.querySelector('[part="elsewhere"]')).to.equal(null);
      expect(await el.dial('+12025550114')).to.equal(true);
      await until(() => transport.calls.length === 1, 'dialled');
      el.hangup();
      tab.say({ t: 'call', user: other, call: call({ state: 'ended', endedAt: Date.now(), endReason: 'remote-hangup' }) });
    });

    it('an owner gone without a word (crashed): shown ended after the heartbeat timeout, and this tab may dial again', async () => {
      const { el, transport } = await mount();
      tab.say({ t: 'call', user: USER, call: call() });
      await until(() => controls(el).state === 'connected', 'connected shown', 1_000);
      const silentFrom = Date.now();
      await until(() => controls(el).state === 'ended', 'ended once the owner is silent', OWNER_TIMEOUT_MS + 1_000);
      expect(Date.now() - silentFrom).to.be.at.least(OWNER_TIMEOUT_MS - 100);
      expect(text(el)).to.contain('The call was interrupted');
      expect(await el.dial('+12025550113')).to.equal(true);
      await until(() => transport.calls.length === 1, 'dialled');
      el.hangup();
    });
  });
});
