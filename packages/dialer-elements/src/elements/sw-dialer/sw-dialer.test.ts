// <sw-dialer> end to end inside the browser: the real machine, API client, outbox and elements, with the
// provider played by a scripted transport and the API by an in-memory server behind `fetch`.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../define.js';
import { expectAccessible, installFakeApi, record, shadow, until } from '../../../test/browser/helpers.js';
import { fakeJwt } from '../../../test/fakes/fake-api-server.js';
import { createScriptedTransport } from '../../../test/fakes/scripted-transport.js';
import { createCallOwnership } from '../../call-log/call-ownership.js';
import { createSignalWireTransport } from '../../transport/signalwire.js';
import type { SwCallControls } from '../sw-call-controls/sw-call-controls.js';
import type { SwCallQuality } from '../sw-call-quality/sw-call-quality.js';
import type { SwPhoneFallback } from '../sw-phone-fallback/sw-phone-fallback.js';
import type { SwNumberInput } from '../sw-number-input/sw-number-input.js';
import { SwDialer } from './sw-dialer.js';

type Api = ReturnType<typeof installFakeApi>;
const ALL_EVENTS = ['sw-before-dial', 'sw-call-state-change', 'sw-call-ended', 'sw-call-error', 'sw-contact-resolved', 'sw-call-logged'];

async function mount(
  template = html`<sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US"></sw-dialer>`
) {
  const el = await fixture<SwDialer>(template);
  const transport = createScriptedTransport();
  el.transport = transport;
  el.authToken = 'host-session-jwt';
  const events = record<Record<string, unknown>>(el, ...ALL_EVENTS);
  return { el, transport, events };
}

/** A dialer signed in as a host page does it: properties given before the element is in the page. */
async function mountAs(token: string) {
  const box = await fixture<HTMLDivElement>(html`<div></div>`);
  const el = document.createElement('sw-dialer');
  el.setAttribute('token-endpoint', '/api/telephony/signalwire/token');
  el.setAttribute('api-base', 'http://api.test');
  el.setAttribute('default-country', 'US');
  const transport = createScriptedTransport();
  el.transport = transport;
  el.authToken = token;
  const events = record<Record<string, unknown>>(el, ...ALL_EVENTS);
  box.append(el);
  await el.updateComplete;
  return { el, transport, events };
}

/** What the outbox of one user holds in this browser's storage. */
const queued = (user: string) =>
  JSON.parse(localStorage.getItem(`sw-dialer:call-log-outbox:http://api.test#user:${user}`) ?? '{"entries":[]}') as {
    entries: Array<{ clientSessionId: string; kind: string }>;
  };

const controls = (el: SwDialer) => shadow<SwCallControls>(el, 'sw-call-controls');
const numberInput = (el: SwDialer) => shadow<SwNumberInput>(el, 'sw-number-input');
const button = (el: SwDialer, part: string) => shadow<HTMLButtonElement>(controls(el), `[part="${part}"]`);
const statusText = (el: SwDialer) => shadow(el, 'sw-call-status').shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();
const named = (events: Array<{ type: string; detail: Record<string, unknown> }>, type: string) => events.filter((e) => e.type === type).map((e) => e.detail);

async function typeNumber(el: SwDialer, text: string) {
  const input = shadow<HTMLInputElement>(numberInput(el), 'input');
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function stateIs(el: SwDialer, state: string, timeoutMs = 3000) {
  await until(() => el.state === state, `state ${state} (is ${el.state})`, timeoutMs);
  await el.updateComplete;
  await controls(el).updateComplete;
}

describe('sw-dialer', () => {
  let api: Api;
  beforeEach(() => {
    localStorage.clear();
    api = installFakeApi();
  });
  afterEach(async () => {
    fixtureCleanup();
    await new Promise((resolve) => setTimeout(resolve, 20));
    api.restore();
    localStorage.clear();
  });

  it('places a call through every state, fires the documented events, and logs it', async () => {
    const { el, transport, events } = await mount();
    await typeNumber(el, '(202) 555-0106');
    button(el, 'call').click();
    await stateIs(el, 'dialing');
    await until(() => transport.calls.length === 1, 'the transport dialled');
    expect(transport.calls[0]!.request.number).to.equal('+12025550106');
    expect(transport.calls[0]!.request.token.token).to.equal('tok-1');
    expect(api.requests.find((r) => r.path === '/api/telephony/signalwire/token')!.body).to.deep.equal({ deviceType: 'browser' });
    await until(() => el.callId !== null, 'the call log id');
    expect(named(events, 'sw-before-dial')).to.deep.equal([{ number: '+12025550106' }]);

    transport.calls[0]!.ring();
    await stateIs(el, 'ringing');
    expect(statusText(el)).to.contain('Ringing');
    expect(statusText(el)).to.contain('+1 202 555 0106');
    transport.calls[0]!.answer();
    await stateIs(el, 'connected');
    expect(shadow(el, 'sw-call-timer')).to.exist;

    button(el, 'mute').click();
    await until(() => transport.calls[0]!.commands.includes('mute'));
    button(el, 'hold').click();
    await until(() => transport.calls[0]!.commands.includes('hold'));
    el.sendDigits('12#');
    await until(() => transport.calls[0]!.commands.includes('digits:12#'));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    button(el, 'end').click();
    await stateIs(el, 'ended');
    expect(transport.calls[0]!.hungUp).to.equal(true);
    expect(statusText(el)).to.contain('You hung up');

    const changes = named(events, 'sw-call-state-change');
    expect(changes.map((c) => [c.previousState, c.state, c.muted, c.held])).to.deep.equal([
      ['idle', 'dialing', false, false],
      ['dialing', 'ringing', false, false],
      ['ringing', 'connected', false, false],
      ['connected', 'connected', true, false],
      ['connected', 'connected', true, true],
      ['connected', 'ended', false, false]
    ]);
    expect(changes.at(-1)!.callId).to.equal(el.callId);
    const [ended] = named(events, 'sw-call-ended');
    expect(ended).to.include({ callId: el.callId, number: '+12025550106', status: 'ended', endReason: 'local-hangup' });
    expect(ended!.durationMs as number).to.be.within(1000, 3000);

    await until(() => named(events, 'sw-call-logged').length === 1, 'the closing write delivered');
    const row = api.calls.find((c) => c.id === el.callId)!;
    expect(row).to.include({ status: 'ended', endReason: 'local-hangup', number: '+12025550106', durationMs: ended!.durationMs as number });
    expect(row.answeredAt).to.be.a('string');
    const writes = api.requests
      .filter((r) => r.path.startsWith('/api/telephony/calls') && r.method !== 'HEAD')
      .map((r) => `${r.method} ${(r.body as { status: string }).status}`);
    expect(writes).to.deep.equal(['POST dialing', 'PATCH ringing', 'PATCH connected', 'PATCH ended']);
    // The API is on another origin: the create's preflight was paid before the call, once (ADR 139).
    const calls = api.requests.filter((r) => r.path === '/api/telephony/calls').map((r) => r.method);
    expect(calls).to.deep.equal(['HEAD', 'POST']);
  });

  it('sw-before-dial preventDefault stops the call before anything is sent', async () => {
    const { el, transport } = await mount();
    el.addEventListener('sw-before-dial', (e) => e.preventDefault());
    expect(await el.dial('+12025550100')).to.equal(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(el.state).to.equal('idle');
    expect(transport.calls).to.have.length(0);
    expect(api.requests.filter((r) => r.method !== 'GET')).to.deep.equal([]);
    expect(button(el, 'call').disabled).to.equal(false, 'Call is usable again');
  });

  it('an invalid number shows the error inline, fires sw-call-error and places nothing', async () => {
    const { el, transport, events } = await mount();
    expect(await el.dial('555')).to.equal(false);
    await el.updateComplete;
    await numberInput(el).updateComplete;
    expect(named(events, 'sw-call-error')).to.deep.equal([{ code: 'INVALID_NUMBER', message: 'This number is not valid' }]);
    expect(shadow(numberInput(el), '#error').textContent!.trim()).to.equal('This number is not valid');
    expect(transport.calls).to.have.length(0);
    await expectAccessible(el, 'invalid number');
  });

  it('a double click on Call and a second dial() place one call', async () => {
    const { el, transport } = await mount();
    await typeNumber(el, '+12025550100');
    const call = button(el, 'call');
    call.click();
    call.click();
    void el.dial();
    await stateIs(el, 'dialing');
    await until(() => transport.calls.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(transport.calls).to.have.length(1);
    expect(api.requests.filter((r) => r.method === 'POST' && r.path === '/api/telephony/calls')).to.have.length(1);
  });

  it('a busy line fails the call with the reason in plain words', async () => {
    const { el, transport, events } = await mount();
    await el.dial('+12025550101');
    await until(() => transport.calls.length === 1);
    transport.calls[0]!.ring();
    transport.calls[0]!.end('USER_BUSY', 17);
    await stateIs(el, 'failed');
    expect(statusText(el)).to.contain('Call failed');
    expect(statusText(el)).to.contain('The line is busy');
    expect(named(events, 'sw-call-ended')[0]).to.include({ status: 'failed', endReason: 'busy', durationMs: 0 });
    await expectAccessible(el, 'failed');
    await until(() => api.calls[0]?.status === 'failed');
    expect(api.calls[0]).to.include({ endReason: 'busy', durationMs: 0 });
  });

  it('SignalWire cannot issue a token: the status line names the calling service, the event and the log keep the API code', async () => {
    api.tokenUnavailable = true;
    const { el, transport, events } = await mount();
    await el.dial('+12025550100');
    await stateIs(el, 'failed', 5000); // one retry, a second later
    expect(transport.calls).to.have.length(0);
    expect(statusText(el)).to.contain('Calling service unavailable; try again shortly');
    expect(statusText(el)).not.to.contain('network');
    expect(named(events, 'sw-call-error')).to.deep.equal([
      { code: 'UPSTREAM_UNAVAILABLE', message: 'Cannot issue a calling token: SignalWire cannot be reached. Try again shortly.' }
    ]);
    expect(named(events, 'sw-call-ended')[0]).to.include({ status: 'failed', endReason: 'network', durationMs: 0 });
    await until(() => api.calls[0]?.status === 'failed');
    expect(api.calls[0]).to.include({ endReason: 'network', errorCode: 'UPSTREAM_UNAVAILABLE', durationMs: 0 });
  });

  it('a server without SignalWire settings: no retry, the status line says what is missing, the log keeps it as an error', async () => {
    api.tokenNotConfigured = true;
    const { el, transport, events } = await mount();
    await el.dial('+12025550100');
    await stateIs(el, 'failed');
    expect(transport.calls).to.have.length(0);
    expect(api.requests.filter((r) => r.path === '/api/telephony/signalwire/token')).to.have.length(1);
    expect(statusText(el)).to.contain('SignalWire is not configured on this server');
    expect(statusText(el)).not.to.contain('try again');
    expect(named(events, 'sw-call-ended')[0]).to.include({ status: 'failed', endReason: 'error', durationMs: 0 });
    await until(() => api.calls[0]?.status === 'failed');
    expect(api.calls[0]).to.include({ endReason: 'error', errorCode: 'UPSTREAM_UNAVAILABLE', durationMs: 0 });
  });

  it('a call the SDK drops by itself (no hangup cause) fails as network and says the connection was lost', async () => {
    const { el, transport, events } = await mount();
    await el.dial('+12025550100');
    await until(() => transport.calls.length === 1);
    transport.calls[0]!.ring();
    transport.calls[0]!.answer();
    await stateIs(el, 'connected');
    transport.calls[0]!.emit({ type: 'TRANSPORT.ENDED', sdkReason: 'RECONNECTION_ATTEMPT_TIMEOUT' });
    await stateIs(el, 'failed');
    expect(statusText(el)).to.contain('Call failed');
    expect(statusText(el)).to.contain('Lost the connection to the calling service; try again');
    expect(named(events, 'sw-call-ended')[0]).to.include({ status: 'failed', endReason: 'network' });
    expect(named(events, 'sw-call-error')[0]).to.include({ code: 'CONNECTION_LOST' });
    await until(() => api.calls[0]?.status === 'failed');
    expect(api.calls[0]).to.include({ endReason: 'network', errorCode: 'CONNECTION_LOST' });
  });

  it('cancel while ringing ends the call as canceled', async () => {
    const { el, transport, events } = await mount();
    await el.dial('+12025550102');
    await until(() => transport.calls.length === 1);
    transport.calls[0]!.ring();
    await stateIs(el, 'ringing');
    expect(button(el, 'end').textContent!.trim()).to.equal('Cancel call');
    await expectAccessible(el, 'ringing');
    button(el, 'end').click();
    await stateIs(el, 'ended');
    expect(named(events, 'sw-call-ended')[0]).to.include({ endReason: 'canceled', durationMs: 0 });
    expect(transport.calls[0]!.hungUp).to.equal(true);
  });

  it('the call survives the element being moved in the DOM', async () => {
    const { el, transport } = await mount();
    await el.dial('+12025550100');
    await until(() => transport.calls.length === 1);
    transport.calls[0]!.answer();
    await stateIs(el, 'connected');
    const elsewhere = document.createElement('section');
    document.body.append(elsewhere);
    elsewhere.append(el);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(el.state).to.equal('connected');
    expect(transport.calls[0]!.hungUp).to.equal(false);
    transport.calls[0]!.end('NORMAL_CLEARING', 16);
    await stateIs(el, 'ended');
    expect(statusText(el)).to.contain('The other side hung up');
    elsewhere.remove();
  });

  it('removing the element for good hangs up and still closes the log', async () => {
    const { el, transport } = await mount();
    await el.dial('+12025550100');
    await until(() => transport.calls.length === 1 && el.callId !== null);
    transport.calls[0]!.answer();
    await stateIs(el, 'connected');
    el.remove();
    await until(() => transport.calls[0]!.hungUp, 'hung up');
    await until(() => api.calls[0]?.status === 'ended', 'log closed');
    expect(api.calls[0]!.endReason).to.equal('local-hangup');
  });

  it('two dialers on one page: the second call is refused before anything is sent, and the first is never closed', async () => {
    const first = await mount();
    const second = await mount();
    await first.el.dial('+12025550100');
    await until(() => first.transport.calls.length === 1 && first.el.callId !== null);
    first.transport.calls[0]!.answer();
    await stateIs(first.el, 'connected');
    await until(() => api.calls.find((c) => c.id === first.el.callId)?.status === 'connected', 'the first call logged as connected');
    const sent = api.requests.length;
    expect(await second.el.dial('+12025550106')).to.equal(false);
    await second.el.updateComplete;
    expect(named(second.events, 'sw-call-error')).to.deep.equal([{ code: 'CALL_IN_PROGRESS', message: 'Another call is in progress on this page' }]);
    expect(named(second.events, 'sw-before-dial')).to.deep.equal([]);
    expect(second.el.state).to.equal('idle');
    expect(second.transport.calls).to.have.length(0);
    expect(
      api.requests.slice(sent).filter((r) => r.method === 'POST'),
      'no token, no call log'
    ).to.deep.equal([]);
    await numberInput(second.el).updateComplete;
    expect(shadow(numberInput(second.el), '#error').textContent!.trim()).to.equal('Another call is in progress on this page');
    expect(first.el.state).to.equal('connected');
    expect(api.calls.find((c) => c.id === first.el.callId)!.status).to.equal('connected');
    first.el.hangup();
    await stateIs(first.el, 'ended');
    expect(await second.el.dial('+12025550106')).to.equal(true, 'once the first call is over the second widget calls');
    await until(() => second.transport.calls.length === 1, 'the second call placed');
  });

  it('SignalWire is dialled only once the call log accepted the call; the token is fetched meanwhile', async () => {
    const { el, transport } = await mount();
    let answer!: () => void;
    api.holds['/api/telephony/calls'] = new Promise<void>((resolve) => (answer = resolve));
    expect(await el.dial('+12025550106')).to.equal(true);
    await until(() => api.requests.some((r) => r.path === '/api/telephony/signalwire/token'), 'the token fetched while the create is out');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(el.state).to.equal('dialing');
    expect(transport.calls, 'nothing dialled before the create was answered').to.have.length(0);
    answer();
    await until(() => transport.calls.length === 1 && el.callId !== null, 'dialled once the log has the call');
  });

  it('a call live in another tab refuses the dial at the call log, before SignalWire is dialled (the create answers late)', async () => {
    const open = api.seed({ number: '+12025550100', status: 'connected', startedAt: new Date().toISOString() });
    // Another tab of this browser carries that call: it answers "mine" when the outbox asks after the 409.
    const otherTab = createCallOwnership({ channelName: 'sw-dialer:test-other-tab' });
    otherTab.claim(open.id);
    try {
      const { el, transport, events } = await mount();
      api.holds['/api/telephony/calls'] = new Promise((resolve) => setTimeout(resolve, 300));
      expect(await el.dial('+12025550106')).to.equal(true);
      await stateIs(el, 'failed');
      expect(named(events, 'sw-call-error')).to.deep.equal([{ code: 'CALL_IN_OTHER_TAB', message: 'A call is already in progress in another tab' }]);
      expect(transport.calls, 'SignalWire never dialled').to.have.length(0);
      await until(() => api.calls.some((c) => c.status === 'failed' && c.errorCode === 'CALL_IN_OTHER_TAB'), 'the refused call is in the history too');
      expect(api.calls.find((c) => c.id === open.id)!.status).to.equal('connected');
    } finally {
      otherTab.close();
    }
  });

  it('closes an open call no tab owns as abandoned, then places the new one', async () => {
    const stale = api.seed({ number: '+12025550100', status: 'connected', startedAt: new Date(Date.now() - 600_000).toISOString() });
    const { el, transport } = await mount();
    await el.dial('+12025550106');
    await until(() => el.callId !== null, 'created after the conflict', 3000);
    expect(api.calls.find((c) => c.id === stale.id)).to.include({ status: 'failed', endReason: 'abandoned' });
    expect(el.state).to.equal('dialing');
    expect(transport.calls).to.have.length(1);
  });

  it('outbox: a call made while the API is unreachable appears in the history once it is back', async () => {
    const { el, transport, events } = await mount();
    await el.dial('+12025550106');
    await until(() => transport.calls.length === 1);
    api.down = true;
    transport.calls[0]!.answer();
    await stateIs(el, 'connected');
    transport.calls[0]!.end('NORMAL_CLEARING', 16);
    await stateIs(el, 'ended');
    await until(() => named(events, 'sw-call-logged').length === 1);
    // The token came before the outage; the writes did not get through.
    const queued = named(events, 'sw-call-logged')[0]!;
    expect(queued.pending as number).to.be.greaterThan(0);
    expect(Object.keys(localStorage).some((k) => k.startsWith('sw-dialer:call-log-outbox'))).to.equal(true);

    api.down = false;
    window.dispatchEvent(new Event('online'));
    await until(() => api.calls.some((c) => c.status === 'ended'), 'replayed', 3000);
    expect(api.calls).to.have.length(1);
    expect(api.calls[0]).to.include({ number: '+12025550106', status: 'ended', endReason: 'remote-hangup' });
    expect(api.calls[0]!.answeredAt).to.be.a('string');
    await until(() => !Object.keys(localStorage).some((k) => k.startsWith('sw-dialer:call-log-outbox')), 'outbox emptied');
  });

  it('outbox: writes left by an earlier page are replayed when a dialer connects', async () => {
    // What a page of agent-1 that lost the network and was closed leaves in storage.
    const clientSessionId = '20000000-0000-4000-8000-000000000001';
    localStorage.setItem(
      'sw-dialer:call-log-outbox:http://api.test#user:agent-1',
      JSON.stringify({
        version: 1,
        ids: {},
        entries: [
          {
            id: 'a',
            kind: 'create',
            clientSessionId,
            body: { clientSessionId, direction: 'outbound', number: '+12025550100', status: 'dialing', startedAt: '2026-03-01T12:00:00.000Z' }
          },
          { id: 'b', kind: 'patch', clientSessionId, body: { status: 'failed', endedAt: '2026-03-01T12:00:03.000Z', durationMs: 0, endReason: 'no-answer' } }
        ]
      })
    );
    await mountAs(fakeJwt('agent-1'));
    await until(() => api.calls.length === 1, 'replayed on connect');
    expect(api.calls[0]).to.include({ clientSessionId, status: 'failed', endReason: 'no-answer' });
    expect(api.owners.get(api.calls[0]!.id)).to.equal('agent-1');
  });

  it('outbox per user: a call one user made offline is never sent as the next user of this browser, and goes out when its user is back', async () => {
    const alice = fakeJwt('alice');
    const bob = fakeJwt('bob');
    // Alice calls while the API is unreachable (the call fails: no token), then closes the page.
    api.down = true;
    const first = await mountAs(alice);
    expect(await first.el.dial('+12025550101')).to.equal(true);
    await stateIs(first.el, 'failed', 10_000);
    await until(() => named(first.events, 'sw-call-logged').length === 1, 'the writes queued');
    expect(named(first.events, 'sw-call-logged')[0]!.pending).to.equal(2);
    const [aliceCall] = queued('alice').entries.map((e) => e.clientSessionId);
    expect(queued('alice').entries.map((e) => e.kind)).to.deep.equal(['create', 'patch']);
    first.el.remove();
    // The page is gone (its engine stops on the next task), then the network comes back.
    await new Promise((resolve) => setTimeout(resolve, 20));
    api.down = false;

    // Bob signs in on the same browser; the network is back.
    const second = await mountAs(bob);
    window.dispatchEvent(new Event('online'));
    expect(await second.el.dial('+12025550106')).to.equal(true);
    await until(() => second.transport.calls.length === 1, 'bob dialled');
    second.el.hangup();
    await stateIs(second.el, 'ended');
    await until(() => named(second.events, 'sw-call-logged').length === 1 && api.calls[0]?.status === 'ended', "bob's call logged");
    expect(named(second.events, 'sw-call-logged')[0]!.pending).to.equal(0, "bob's own outbox is empty");
    expect(api.calls.map((c) => [c.number, api.owners.get(c.id)])).to.deep.equal([['+12025550106', 'bob']]);
    expect(
      api.requests.filter((r) => r.auth === `Bearer ${bob}` && JSON.stringify(r.body ?? {}).includes(aliceCall!)),
      "nothing of alice's as bob"
    ).to.deep.equal([]);
    expect(queued('alice').entries).to.have.length(2, "alice's writes wait for her");
    second.el.remove();

    // Alice signs in again: her call goes out, as hers.
    await mountAs(alice);
    await until(() => api.calls.length === 2, "alice's call replayed", 5_000);
    const row = api.calls.find((c) => c.clientSessionId === aliceCall)!;
    expect(row).to.include({ number: '+12025550101', status: 'failed', endReason: 'network' });
    expect(api.owners.get(row.id)).to.equal('alice');
    await until(() => queued('alice').entries.length === 0, "alice's outbox emptied");
  });

  it('intercept-tel-links turns clicks on tel: links into calls', async () => {
    const { el, transport } = await mount(
      html`<div>
        <a href="tel:+1-202-555-0106"><span>Call Ada</span></a>
        <sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" intercept-tel-links></sw-dialer>
      </div>`
    );
    void el;
    const dialer = document.querySelector<SwDialer>('sw-dialer')!;
    dialer.transport = transport;
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, button: 0 });
    document.querySelector('a span')!.dispatchEvent(click);
    expect(click.defaultPrevented).to.equal(true);
    await until(() => transport.calls.length === 1, 'dialled from the link');
    expect(transport.calls[0]!.request.number).to.equal('+12025550106');
  });

  it('without intercept-tel-links, tel: links are left alone', async () => {
    await mount(html`<div><a href="tel:+12025550106">Call</a><sw-dialer token-endpoint="/t" api-base="http://api.test"></sw-dialer></div>`);
    // Seen after every document listener ran; then stopped here, or the browser would open the tel: handler.
    let preventedByWidget: boolean | undefined;
    window.addEventListener(
      'click',
      (event) => {
        preventedByWidget = event.defaultPrevented;
        event.preventDefault();
      },
      { once: true }
    );
    document.querySelector('a')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
    expect(preventedByWidget).to.equal(false);
  });

  it('is keyboard operable: Enter in the field dials, Escape hangs up', async () => {
    const { el, transport } = await mount();
    await typeNumber(el, '2025550100');
    shadow<HTMLInputElement>(numberInput(el), 'input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    await until(() => transport.calls.length === 1, 'Enter dialled');
    expect(transport.calls[0]!.request.number).to.equal('+12025550100');
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await stateIs(el, 'ended');
    expect(transport.calls[0]!.hungUp).to.equal(true);
  });

  it('resolves the contact for a typed number and shows its presence', async () => {
    api.contacts.push({ id: 'c-ada', displayName: 'Ada Lovelace', company: 'Engines', phoneNumbers: [{ e164: '+12025550100', type: 'work' }] });
    api.presence.set('+12025550100', { number: '+12025550100', available: true, status: 'available', lastSeenAt: null, degraded: false });
    const { el, events, transport } = await mount();
    await typeNumber(el, '+1 202 555 0100');
    await until(() => named(events, 'sw-contact-resolved').length === 1, 'contact resolved');
    expect(named(events, 'sw-contact-resolved')[0]).to.deep.include({ number: '+12025550100' });
    expect((named(events, 'sw-contact-resolved')[0]!.contact as { displayName: string }).displayName).to.equal('Ada Lovelace');
    const card = shadow(el, 'sw-contact-card');
    await until(
      () =>
        card.shadowRoot!.textContent!.includes('Ada Lovelace') &&
        card.shadowRoot!.querySelector('sw-presence-indicator')?.getAttribute('status') === 'available',
      'card with presence'
    );
    await expectAccessible(el, 'idle with contact');
    await el.dial();
    await until(() => api.calls.length === 1);
    expect(api.calls[0]!.contactId).to.equal('c-ada', 'the call log names the contact');
    void transport;
  });

  it('passes axe in idle, dialing, connected (muted, held) and ended', async () => {
    const { el, transport } = await mount();
    await expectAccessible(el, 'idle');
    await el.dial('+12025550100');
    await stateIs(el, 'dialing');
    await expectAccessible(el, 'dialing');
    await until(() => transport.calls.length === 1);
    transport.calls[0]!.answer();
    await stateIs(el, 'connected');
    el.mute();
    el.hold();
    await until(() => transport.calls[0]!.commands.includes('hold'));
    await el.updateComplete;
    await expectAccessible(el, 'connected');
    el.hangup();
    await stateIs(el, 'ended');
    await expectAccessible(el, 'ended');
  });

  it('exposes device selection through the transport', async () => {
    const { el, transport } = await mount();
    expect(await el.audioDevices()).to.deep.equal({ inputs: [], outputs: [] });
    await el.setInputDevice('mic-2');
    expect(transport.inputDevice).to.equal('mic-2');
  });

  it('real SignalWire transport in this browser: no WebRTC fails in plain words; otherwise mic, then SDK', async () => {
    const { createSignalWireTransport } = await import('../../transport/signalwire.js');
    const dialled: string[] = [];
    const transport = createSignalWireTransport({
      // The SDK itself stays out of this test (it runs against the emulator in the end-to-end suite).
      loadSdk: async () => ({
        SignalWire: async () => ({
          dial: async (p: { to: string }) => {
            dialled.push(p.to);
            throw Object.assign(new Error('no relay in this test'), { name: 'Error' });
          },
          updateToken: async () => {},
          disconnect: async () => {}
        })
      })
    });
    const el = await fixture<SwDialer>(html`<sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test"></sw-dialer>`);
    el.transport = transport;
    const errors = record<{ code: string }>(el, 'sw-call-error');
    await el.dial('+12025550100');
    await stateIs(el, 'failed');
    if (typeof RTCPeerConnection !== 'function') {
      // WebKitGTK here: the path that needs the REST fallback.
      expect(transport.supported()).to.equal(false);
      expect(errors.map((e) => e.detail.code)).to.deep.equal(['NO_WEBRTC']);
      expect(statusText(el)).to.contain('This browser cannot place calls');
      expect(dialled).to.deep.equal([]);
    } else {
      // Chromium and Firefox with fake media: the microphone was granted, then the SDK was asked to dial.
      expect(transport.supported()).to.equal(true);
      expect(dialled).to.deep.equal(['+12025550100']);
      expect(errors.map((e) => e.detail.code)).to.deep.equal(['DIAL_FAILED']);
    }
    await until(() => api.calls[0]?.status === 'failed', 'logged as failed');
  });

  it('disabled refuses to dial', async () => {
    const { el, transport } = await mount();
    el.disabled = true;
    await el.updateComplete;
    expect(await el.dial('+12025550100')).to.equal(false);
    expect(button(el, 'call').disabled).to.equal(true);
    expect(transport.calls).to.have.length(0);
  });
});

describe('sw-dialer: properties set before the element is defined', () => {
  let api: Api;
  let defined = 0;
  /** A tag of its own per test: a page where the script defining the element runs last. */
  const lateTag = () => `sw-dialer-late-${++defined}`;
  beforeEach(() => {
    localStorage.clear();
    api = installFakeApi();
  });
  afterEach(async () => {
    fixtureCleanup();
    await new Promise((resolve) => setTimeout(resolve, 20));
    api.restore();
    localStorage.clear();
  });

  it('authToken, transport and api-base given before the class exists are kept: the first request carries them', async () => {
    const tag = lateTag();
    const el = document.createElement(tag) as SwDialer;
    expect(el instanceof SwDialer).to.equal(false, 'not upgraded yet');
    const transport = createScriptedTransport();
    el.authToken = 'early-token';
    el.transport = transport;
    el.apiBase = 'http://early.test';
    el.defaultCountry = 'US';
    customElements.define(tag, class extends SwDialer {});
    customElements.upgrade(el);
    expect(el instanceof SwDialer).to.equal(true);
    expect(el.authToken).to.equal('early-token');
    expect(el.transport).to.equal(transport);
    expect(Object.hasOwn(el, 'authToken') || Object.hasOwn(el, 'transport')).to.equal(false, 'set through the accessors');

    (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
    expect(await el.dial('(202) 555-0106')).to.equal(true, 'default-country US was kept too');
    await until(() => transport.calls.length === 1 && el.callId !== null, 'placed through the early transport');
    expect(api.requests.length).to.be.greaterThan(1);
    expect(api.requests.map((r) => r.auth)).to.deep.equal(api.requests.map(() => 'Bearer early-token'));
    expect(api.requests.filter((r) => !r.url.startsWith('http://early.test/'))).to.deep.equal([]);
  });

  it('getAuthHeaders given before the class exists is used from the first request (upgraded when added to the page)', async () => {
    const tag = lateTag();
    const box = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement(tag) as SwDialer;
    el.setAttribute('api-base', 'http://api.test');
    const transport = createScriptedTransport();
    Object.assign(el, { transport, getAuthHeaders: async () => ({ authorization: 'Bearer from-headers' }) });
    box.append(el);
    customElements.define(tag, class extends SwDialer {});
    expect(typeof el.getAuthHeaders).to.equal('function');
    expect(await el.dial('+12025550106')).to.equal(true);
    await until(() => transport.calls.length === 1 && el.callId !== null, 'placed');
    expect(api.requests.map((r) => r.auth)).to.deep.equal(api.requests.map(() => 'Bearer from-headers'));
  });
});

describe('sw-dialer: contact, quality and calling through the phone', () => {
  // A bridge call's progress is read from the call log once a second: a change shows within one read.
  const POLLED = 6_000;
  let api: Api;
  const ada = { id: 'c-ada', displayName: 'Ada Lovelace', company: 'Engines', phoneNumbers: [{ e164: '+12025550100', type: 'work' as const }] };
  const bridgeRequests = () => api.requests.filter((r) => r.method === 'POST' && r.path === '/api/telephony/calls/bridge');
  const fallback = (el: SwDialer) => el.shadowRoot!.querySelector<SwPhoneFallback>('sw-phone-fallback');
  beforeEach(() => {
    localStorage.clear();
    api = installFakeApi();
  });
  afterEach(async () => {
    fixtureCleanup();
    await new Promise((resolve) => setTimeout(resolve, 20));
    api.restore();
    localStorage.clear();
  });

  it('the call log names the contact even when the call is placed before the lookup came back', async () => {
    api.contacts.push(ada);
    const { el, transport, events } = await mount();
    // Programmatic: no typing, so no lookup had started. The create does not wait for it (ADR 139): the
    // contact follows with the call's next write.
    expect(await el.dial('+1 202 555 0100')).to.equal(true);
    // Generous waits: three calls in a row on a busy 2-core machine (the assertions are on what was logged).
    await until(() => transport.calls.length === 1, 'placed', 10_000);
    // The lookup starts once the call rings (ADR 142); the contact rides on the next write, the answer's.
    transport.calls[0]!.ring();
    await until(() => named(events, 'sw-contact-resolved').length === 1, 'looked up', 10_000);
    transport.calls[0]!.answer();
    await until(() => api.calls[0]?.contactId === 'c-ada', 'the contact in the log', 10_000);
    const creates = api.requests.filter((r) => r.method === 'POST' && r.path === '/api/telephony/calls');
    expect(creates).to.have.length(1);
    expect((creates[0]!.body as { contactId?: string }).contactId, 'the create went before the lookup answered').to.equal(undefined);
    el.hangup();
    await stateIs(el, 'ended');
    // Typed, then Call at once: inside the pause the lookup waits for while typing.
    await typeNumber(el, '(202) 555-0100');
    button(el, 'call').click();
    await until(() => api.calls.length === 2 && transport.calls.length === 2, 'second call', 10_000);
    expect(api.calls[1]!.contactId).to.equal('c-ada');
    // A number nobody has: no contact id, and the call goes on.
    el.hangup();
    await stateIs(el, 'ended');
    await el.dial('+12025550106');
    await until(() => api.calls.length === 3, 'third call', 10_000);
    expect(api.calls[2]!.contactId).to.equal(null);
  });

  // docs/adr/0081: the first call's work before the click.
  it('focus in the number field fetches the token ahead; the first dial uses it and fetches none', async () => {
    const { el, transport } = await mount();
    shadow<HTMLInputElement>(numberInput(el), 'input').focus();
    await until(() => api.tokens === 1, 'token fetched on focus');
    expect(el.state).to.equal('idle', 'nothing dialled');
    expect(await el.dial('+12025550100')).to.equal(true);
    await until(() => transport.calls.length === 1, 'placed');
    expect(api.tokens).to.equal(1, 'the dial used the token fetched ahead');
  });

  it('prepare="idle" fetches the token once the page is idle, without any interaction', async () => {
    const { el } = await mount(
      html`<sw-dialer prepare="idle" token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US"></sw-dialer>`
    );
    await until(() => api.tokens === 1, 'token fetched when idle', 5_000);
    expect(el.state).to.equal('idle');
  });

  it('preconnect hands the token fetched ahead to the transport before any dial; without it, nothing connects early', async () => {
    const opened: string[] = [];
    const withPreconnect = async (template: ReturnType<typeof html>) => {
      const { el, transport } = await mount(template);
      transport.preconnect = async (token) => {
        opened.push(token.token);
      };
      shadow<HTMLInputElement>(numberInput(el), 'input').focus();
      return el;
    };
    await withPreconnect(html`<sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US"></sw-dialer>`);
    await until(() => api.tokens === 1, 'token fetched');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(opened).to.deep.equal([], 'not without the attribute');
    fixtureCleanup();
    await withPreconnect(
      html`<sw-dialer preconnect token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US"></sw-dialer>`
    );
    await until(() => opened.length === 1, 'connected early');
    expect(api.tokens).to.equal(2);
  });

  it('a slow contact directory does not hold the call up; the contact joins the log when it answers (ADR 139)', async () => {
    api.contacts.push(ada);
    api.delays['/api/telephony/contacts'] = 1_500;
    const { el, transport, events } = await mount();
    await el.dial(); // loads the engine, so what is timed below is the dial itself
    const started = performance.now();
    expect(await el.dial('+12025550100')).to.equal(true);
    await until(() => transport.calls.length === 1 && api.calls.length === 1, 'placed');
    expect(performance.now() - started).to.be.below(1_000, 'placed before the directory answered');
    expect(api.calls[0]!.contactId).to.equal(null);
    transport.calls[0]!.ring();
    await until(() => api.calls[0]!.status === 'ringing', 'ringing logged');
    expect(api.calls[0]!.contactId, 'not yet known when it rang').to.equal(null);
    await until(() => named(events, 'sw-contact-resolved').length === 1, 'the directory answered', 5_000);
    transport.calls[0]!.answer();
    await until(() => api.calls[0]!.status === 'connected', 'connected logged');
    expect(api.calls[0]!.contactId, 'with the next write').to.equal('c-ada');
  });

  it('the contact and presence of a number handed to dial() are asked once the call rings, not while it is set up (ADR 142)', async () => {
    api.contacts.push(ada);
    api.presence.set('+12025550100', { number: '+12025550100', available: true, status: 'available', lastSeenAt: null, degraded: false });
    const { el, transport, events } = await mount();
    await el.dial(); // loads the engine
    const asked = (path: string) => api.requests.filter((r) => r.path.startsWith(path)).length;
    expect(await el.dial('+12025550100')).to.equal(true);
    await until(() => transport.calls.length === 1 && api.calls.length === 1, 'placed and logged');
    // Longer than the page's idle time, which is all the presence waited for in ADR 131.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(el.state).to.equal('dialing');
    expect(asked('/api/telephony/contacts'), 'no lookup while the call is set up').to.equal(0);
    expect(asked('/api/telephony/presence'), 'no presence while the call is set up').to.equal(0);
    transport.calls[0]!.ring();
    await until(() => named(events, 'sw-contact-resolved').length === 1, 'looked up once it rings');
    await until(() => asked('/api/telephony/presence') > 0, 'presence asked once it rings');
    const card = shadow(el, 'sw-contact-card');
    await until(() => card.shadowRoot!.querySelector('sw-presence-indicator')?.getAttribute('status') === 'available', 'the card shows it');
    transport.calls[0]!.answer();
    await until(() => api.calls[0]!.contactId === 'c-ada', 'the contact joins the log');
  });

  it('a call that never rings holds its lookup and the card presence back for 2 s at most (ADR 142)', async () => {
    api.contacts.push(ada);
    const { el, transport, events } = await mount();
    await el.dial();
    const presenceAsked = () => api.requests.filter((r) => r.path.startsWith('/api/telephony/presence')).length;
    const started = performance.now();
    expect(await el.dial('+12025550100')).to.equal(true);
    await until(() => named(events, 'sw-contact-resolved').length === 1, 'looked up while still dialing', 4_000);
    expect(performance.now() - started).to.be.above(1_500);
    await until(() => presenceAsked() > 0, 'presence asked while still dialing', 2_000);
    expect(el.state).to.equal('dialing');
    expect(transport.calls).to.have.length(1);
  });

  it('reports call quality while connected: sw-call-quality, the indicator with its figures, the worst values in the log', async () => {
    const { el, transport } = await mount();
    const readings = record<Record<string, unknown>>(el, 'sw-call-quality');
    await el.dial('+12025550100');
    await until(() => transport.calls.length === 1 && el.callId !== null, 'placed and logged');
    transport.calls[0]!.emit({ type: 'TRANSPORT.QUALITY', quality: { jitterMs: 40, packetLossPct: 9, rttMs: 300, mos: 2 } });
    transport.calls[0]!.answer();
    await stateIs(el, 'connected');
    expect(readings, 'ringback is not the call').to.have.length(0);
    expect(el.shadowRoot!.querySelector('sw-call-quality')).to.equal(null, 'no indicator before a reading');

    transport.calls[0]!.emit({ type: 'TRANSPORT.QUALITY', quality: { jitterMs: 8, packetLossPct: 0.5, rttMs: 60, mos: 4.3 } });
    await until(() => readings.length === 1, 'the first reading');
    expect(readings[0]!.detail).to.deep.equal({
      jitterMs: 8,
      packetLossPct: 0.5,
      rttMs: 60,
      mos: 4.3,
      rating: 'good',
      callId: el.callId,
      number: '+12025550100'
    });
    await el.updateComplete;
    const indicator = shadow<SwCallQuality>(el, 'sw-call-quality');
    await indicator.updateComplete;
    expect(indicator.getAttribute('rating')).to.equal('good');
    expect(indicator.shadowRoot!.querySelector('[part="indicator"]')!.getAttribute('aria-label')).to.equal(
      'Call quality good: MOS 4.3, jitter 8 ms, packet loss 0.5%, round trip 60 ms'
    );
    await expectAccessible(el, 'connected with a quality reading');

    transport.calls[0]!.emit({ type: 'TRANSPORT.QUALITY', quality: { jitterMs: 35, packetLossPct: 4, rttMs: 180, mos: 3.2 } });
    await until(() => readings.length === 2, 'the second reading');
    expect(readings[1]!.detail).to.include({ rating: 'poor', mos: 3.2 });
    await el.updateComplete;
    await until(() => shadow(el, 'sw-call-quality').getAttribute('rating') === 'poor', 'the indicator follows');

    el.hangup();
    await stateIs(el, 'ended');
    expect(el.shadowRoot!.querySelector('sw-call-quality')).to.equal(null, 'gone with the call');
    await until(() => api.calls[0]?.status === 'ended', 'closed');
    expect(api.calls[0]!.metadata).to.deep.equal({ qualitySamples: 2, worstJitterMs: 35, worstPacketLossPct: 4, worstMos: 3.2, worstRttMs: 180 });
  });

  it("no WebRTC and agent-phone set: dial() rings the agent's phone through the API and follows the call from its log", async () => {
    api.contacts.push(ada);
    const { el, transport, events } = await mount(
      html`<sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US" agent-phone="(202) 555-0199"></sw-dialer>`
    );
    transport.supported = () => false;
    expect(await el.dial('+12025550100')).to.equal(true);
    await until(() => bridgeRequests().length === 1 && el.callId !== null, 'the bridge call placed');
    const body = bridgeRequests()[0]!.body as Record<string, string>;
    expect(body).to.deep.include({ number: '+12025550100', agentNumber: '+12025550199', contactId: 'c-ada' });
    expect(body.clientSessionId).to.match(/^[0-9a-f-]{36}$/);
    expect(transport.calls, 'nothing through the browser').to.have.length(0);
    expect(api.tokens, 'no SignalWire token').to.equal(0);
    await stateIs(el, 'dialing');
    expect(statusText(el)).to.contain('Calling your phone');
    expect(controls(el).shadowRoot!.querySelector('[part="end"]')).to.equal(null);
    expect(shadow(controls(el), '[part="phone-hint"]').textContent).to.contain('hang up');

    const id = el.callId!;
    api.advanceBridge(id, 'ringing');
    await stateIs(el, 'ringing', POLLED);
    expect(statusText(el)).to.contain('Your phone is ringing');
    await expectAccessible(el, 'ringing through the phone');
    api.advanceBridge(id, 'connected');
    await stateIs(el, 'connected', POLLED);
    expect(statusText(el)).to.contain('Connected through your phone');
    expect(shadow(el, 'sw-call-timer')).to.exist;
    api.advanceBridge(id, 'ended', 'remote-hangup');
    await stateIs(el, 'ended', POLLED);
    expect(statusText(el)).to.contain('The other side hung up');
    const [ended] = named(events, 'sw-call-ended');
    expect(ended).to.include({ callId: id, number: '+12025550100', status: 'ended', endReason: 'remote-hangup' });
    await until(() => named(events, 'sw-call-logged').length === 1, 'the history is told');
    const writes = api.requests.filter((r) => r.method !== 'GET' && r.path.startsWith('/api/telephony/calls'));
    expect(
      writes.map((r) => r.path),
      'the API logged the call; the widget wrote nothing'
    ).to.deep.equal(['/api/telephony/calls/bridge']);
    // Following stops once the log is closed.
    const reads = api.requests.filter((r) => r.path === `/api/telephony/calls/${id}`).length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(api.requests.filter((r) => r.path === `/api/telephony/calls/${id}`).length).to.equal(reads);
  });

  it('where this browser cannot call (WebKitGTK: no WebRTC; elsewhere: the microphone denied) it offers the phone, and the call goes through it', async () => {
    const el = await fixture<SwDialer>(
      html`<sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US"></sw-dialer>`
    );
    el.authToken = 'host-session-jwt';
    const events = record<Record<string, unknown>>(el, ...ALL_EVENTS);
    const noWebRtc = typeof RTCPeerConnection !== 'function';
    await typeNumber(el, '+1 202 555 0100');
    if (noWebRtc) {
      // The widget's own SignalWire transport, as any page has it: focusing the widget loads the call
      // engine, which finds no WebRTC, and the offer is there before any call is tried.
      await until(() => fallback(el) !== null, 'the offer', 5_000);
      expect(fallback(el)!.reason).to.equal('This browser cannot place calls.');
    } else {
      el.transport = createSignalWireTransport({
        getUserMedia: async () => {
          throw Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
        }
      });
      button(el, 'call').click();
      await stateIs(el, 'failed');
      expect(named(events, 'sw-call-error')).to.deep.equal([{ code: 'MIC_DENIED', message: 'Microphone access was denied' }]);
      await until(() => fallback(el) !== null, 'the offer');
      expect(fallback(el)!.reason).to.equal('Microphone access was denied.');
      await until(() => named(events, 'sw-call-logged').length === 1, 'the failed attempt logged');
    }
    await expectAccessible(el, 'offering the phone');
    const offer = fallback(el)!;
    await offer.updateComplete;
    const agentField = shadow<HTMLInputElement>(shadow(offer, 'sw-number-input'), 'input');
    agentField.value = '202 555 0199';
    agentField.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await offer.updateComplete;
    shadow<HTMLButtonElement>(offer, '[part="call"]').click();
    await until(() => bridgeRequests().length === 1 && el.callId !== null, 'the bridge call');
    expect(bridgeRequests()[0]!.body).to.deep.include({ number: '+12025550100', agentNumber: '+12025550199' });
    expect(el.agentPhone).to.equal('+12025550199', 'remembered for the next call');
    await stateIs(el, 'dialing');
    await fallback(el)!.updateComplete;
    expect(fallback(el)!.shadowRoot!.querySelector('[part="call"]')).to.equal(null, 'no offer while a call is up');
    expect(shadow(fallback(el)!, '[part="end"]').textContent!.trim()).to.equal('Cancel call');
    api.advanceBridge(el.callId!, 'connected');
    await stateIs(el, 'connected', POLLED);
    api.advanceBridge(el.callId!, 'ended', 'remote-hangup');
    await stateIs(el, 'ended', POLLED);
    expect(named(events, 'sw-call-ended').at(-1)).to.include({ status: 'ended', endReason: 'remote-hangup' });
    await until(() => fallback(el) !== null, 'offered again for the next call');
  });

  it('when SignalWire cannot ring the phone, the call fails in plain words; removing the widget stops following a call', async () => {
    api.bridgeUnavailable = true;
    const { el, events } = await mount();
    expect(await el.dialThroughPhone('+12025550100', '+12025550199')).to.equal(true);
    await stateIs(el, 'failed');
    expect(statusText(el)).to.contain('SignalWire could not place the call; try again shortly');
    expect(named(events, 'sw-call-error').at(-1)).to.deep.equal({
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'SignalWire could not place the call; try again shortly'
    });

    api.bridgeUnavailable = false;
    expect(await el.dialThroughPhone('+12025550100', 'not a number')).to.equal(false, 'a bad agent number is refused before anything is sent');
    // The agent's number is read like the field (letters as keypad digits): "not a number" is 668262686237.
    expect(named(events, 'sw-call-error').at(-1)).to.deep.equal({ code: 'INVALID_AGENT_NUMBER', message: 'Your phone number: This number is not valid' });
    expect(bridgeRequests()).to.have.length(1);

    expect(await el.dialThroughPhone('+12025550106', '+12025550199')).to.equal(true);
    await until(() => el.callId !== null && el.state === 'dialing' && bridgeRequests().length === 2, 'second bridge call');
    const id = el.callId!;
    const polls = () => api.requests.filter((r) => r.path === `/api/telephony/calls/${id}`).length;
    await until(() => polls() >= 2, 'followed');
    el.remove();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = polls();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(polls()).to.equal(after);
  });

  it('End on a call through the phone: the API ends it at SignalWire, End waits meanwhile, and the call shows as ended', async () => {
    const { el, events } = await mount();
    expect(await el.dialThroughPhone('+12025550100', '+12025550199')).to.equal(true);
    await until(() => el.callId !== null && el.state === 'dialing', 'placed');
    const id = el.callId!;
    api.advanceBridge(id, 'connected');
    await stateIs(el, 'connected', POLLED);
    const panel = fallback(el)!;
    await panel.updateComplete;
    const end = () => shadow<HTMLButtonElement>(panel, '[part="end"]');
    expect(end().textContent!.trim()).to.equal('End call');
    expect(end().disabled).to.equal(false);
    await expectAccessible(el, 'connected through the phone');
    const hangups = () => api.requests.filter((r) => r.method === 'POST' && r.path === `/api/telephony/calls/${id}/hangup`);

    // SignalWire cannot be reached: the call goes on, the reason is shown, End can be pressed again.
    api.hangupUnavailable = true;
    end().click();
    await until(() => shadow(panel, '[part="reason"]').getAttribute('role') === 'alert', 'the problem shown');
    expect(shadow(panel, '[part="reason"]').textContent).to.contain('SignalWire could not end the call; hang up on your phone');
    expect(named(events, 'sw-call-error').at(-1)).to.deep.equal({
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'SignalWire could not end the call; hang up on your phone'
    });
    expect(el.state).to.equal('connected');
    expect(end().disabled).to.equal(false);

    api.hangupUnavailable = false;
    let release!: () => void;
    api.holds[`/api/telephony/calls/${id}/hangup`] = new Promise<void>((resolve) => (release = resolve));
    end().click();
    await until(() => hangups().length === 2 && end().disabled, 'End waits while the request runs');
    end().click();
    el.hangup();
    expect(hangups().map((r) => r.body)).to.deep.equal([{}, {}], 'an empty JSON body, and one request at a time');
    expect(el.state).to.equal('connected');
    release();
    await stateIs(el, 'ended');
    expect(hangups()).to.have.length(2);
    expect(statusText(el)).to.contain('You hung up');
    expect(named(events, 'sw-call-ended').at(-1)).to.include({ callId: id, status: 'ended', endReason: 'local-hangup' });
    expect(api.calls.find((c) => c.id === id)).to.include({ status: 'ended', endReason: 'local-hangup' });
    const writes = api.requests.filter((r) => r.method !== 'GET' && r.path.startsWith('/api/telephony/calls'));
    expect(
      writes.every((r) => r.method === 'POST'),
      'the API closed the log: no PATCH from the widget'
    ).to.equal(true);
    await until(() => fallback(el)?.shadowRoot?.querySelector('[part="call"]') != null, 'the offer again, for the next call');
  });
});
