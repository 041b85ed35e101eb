// The wrap-up step (docs/adr/0095-0097): the element alone, then after real calls in <sw-dialer> with the
// real machine, API client and outbox (the provider a scripted transport, the API an in-memory server).
import { expect, fixture, fixtureCleanup, html as testHtml } from '@open-wc/testing';
import { html, nothing, unsafeCSS } from 'lit';
import { LocalizedElement } from '../../i18n/localized-element.js';
import '../../define.js';
import { expectAccessible, installFakeApi, record, shadow, until } from '../../../test/browser/helpers.js';
import { createScriptedTransport } from '../../../test/fakes/scripted-transport.js';
import { themeStyles } from '../../styles/theme.styles.js';
import type { SwDialer } from '../sw-dialer/sw-dialer.js';
import { DEFAULT_DISPOSITIONS, usableDispositions } from './dispositions.js';
import type { SwWrapUp } from './sw-wrap-up.js';
import { defineWrapUp } from './wrap-up-flow.js';

defineWrapUp({ Base: LocalizedElement, html, nothing, unsafeCSS, themeStyles });

const radios = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
const part = <T extends HTMLElement = HTMLElement>(el: Element, name: string) => shadow<T>(el, `[part="${name}"]`);
/** The element that has focus, looked for through shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
async function typeNotes(el: SwWrapUp, text: string) {
  const notes = part<HTMLTextAreaElement>(el, 'notes');
  notes.value = text;
  notes.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

describe('sw-wrap-up', () => {
  it('offers the default dispositions, counts the notes, and passes axe', async () => {
    const el = await fixture<SwWrapUp>(testHtml`<sw-wrap-up number="+1 202-555-0100"></sw-wrap-up>`);
    expect(radios(el).map((r) => r.value)).to.deep.equal(DEFAULT_DISPOSITIONS);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.contain('+1 202-555-0100');
    expect(part(el, 'notes').getAttribute('maxlength')).to.equal('2000');
    await typeNotes(el, 'Wants a demo');
    expect(shadow(el, '#count').textContent).to.equal('1,988 of 2,000 characters left');
    await expectAccessible(el, 'wrap-up form');
  });

  it("the host's list, minus what the API would refuse; Save without a choice says so and moves focus to it", async () => {
    expect(usableDispositions([' Hot lead ', 'Hot lead', 'a,b', '<b>x</b>', '', 'Rappel/Callback'])).to.deep.equal(['Hot lead', 'Rappel/Callback']);
    const el = await fixture<SwWrapUp>(testHtml`<sw-wrap-up .dispositions=${['Demo booked', 'Lost']}></sw-wrap-up>`);
    const saves = record(el, 'sw-wrap-up-save');
    part(el, 'save').click();
    await el.updateComplete;
    expect(saves).to.have.length(0);
    expect(shadow(el, '[role="alert"]').textContent).to.contain('Choose a disposition');
    expect(deepActive()).to.equal(radios(el)[0]);
    await expectAccessible(el, 'wrap-up with its problem');
  });

  it('Save sends the disposition and the notes as plain text, then says it was saved', async () => {
    const el = await fixture<SwWrapUp>(testHtml`<sw-wrap-up></sw-wrap-up>`);
    const saves = record<{ disposition: string; notes: string }>(el, 'sw-wrap-up-save');
    radios(el)[2]!.click();
    await typeNotes(el, 'Call back\u0007 on Monday\n\tafter 10');
    part(el, 'save').click();
    await el.updateComplete;
    expect(saves.map((s) => s.detail)).to.deep.equal([{ disposition: 'Call back', notes: 'Call back on Monday\n\tafter 10' }]);
    expect(shadow(el, '[role="status"]').textContent).to.contain('Wrap-up saved: Call back');
    await expectAccessible(el, 'wrap-up saved');
  });

  it("in the agent's language, the defaults are offered and saved as shown; a host's list stays as given (ADR 120)", async () => {
    const el = await fixture<SwWrapUp>(testHtml`<sw-wrap-up lang="de" number="+49 30 1234567"></sw-wrap-up>`);
    await until(() => radios(el)[0]?.value === 'Interessiert', 'the German catalogue', 5000);
    expect(radios(el).map((r) => r.value)).to.deep.equal([
      'Interessiert',
      'Kein Interesse',
      'Rückruf',
      'Auf Mailbox gesprochen',
      'Nicht erreicht',
      'Falsche Nummer'
    ]);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Anruf an \u2068+49 30 1234567\u2069 nachbereiten');
    await typeNotes(el, 'Demo');
    expect(shadow(el, '#count').textContent).to.equal('Noch 1.996 von 2.000 Zeichen');
    const saves = record<{ disposition: string }>(el, 'sw-wrap-up-save');
    radios(el)[2]!.click();
    part(el, 'save').click();
    await el.updateComplete;
    expect(saves.map((s) => s.detail.disposition)).to.deep.equal(['Rückruf']);
    expect(shadow(el, '[role="status"]').textContent).to.equal('Nachbereitung gespeichert: Rückruf.');
    const own = await fixture<SwWrapUp>(testHtml`<sw-wrap-up lang="es" .dispositions=${['Demo booked', 'Lost']}></sw-wrap-up>`);
    await until(() => part(own, 'save').textContent === 'Guardar', 'the Spanish catalogue', 5000);
    expect(radios(own).map((r) => r.value)).to.deep.equal(['Demo booked', 'Lost']);
  });

  it('keyboard: arrows choose, Ctrl+Enter saves, Escape skips', async () => {
    const el = await fixture<SwWrapUp>(testHtml`<sw-wrap-up></sw-wrap-up>`);
    const seen = record<Record<string, string>>(el, 'sw-wrap-up-save', 'sw-wrap-up-dismiss');
    el.focus();
    radios(el)[1]!.click();
    part(el, 'notes').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true }));
    await el.updateComplete;
    expect(seen.map((s) => [s.type, s.detail.disposition])).to.deep.equal([['sw-wrap-up-save', 'Not interested']]);

    const other = await fixture<SwWrapUp>(testHtml`<sw-wrap-up></sw-wrap-up>`);
    const dismissed = record<{ reason: string }>(other, 'sw-wrap-up-dismiss');
    other.focus();
    deepActive()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(dismissed.map((d) => d.detail.reason)).to.deep.equal(['skip']);
  });

  it('closes by itself after its timeout while untouched; once the agent has started, it waits', async () => {
    const idle = await fixture<SwWrapUp>(testHtml`<sw-wrap-up .timeout=${1}></sw-wrap-up>`);
    const idleSeen = record<{ reason: string }>(idle, 'sw-wrap-up-dismiss');
    expect(shadow(idle, '#intro').textContent).to.contain('Closes in 1 s');
    await until(() => idleSeen.length === 1, 'timeout dismissal', 2500);
    expect(idleSeen[0]!.detail.reason).to.equal('timeout');

    const busy = await fixture<SwWrapUp>(testHtml`<sw-wrap-up .timeout=${1}></sw-wrap-up>`);
    const busySeen = record(busy, 'sw-wrap-up-dismiss');
    await typeNotes(busy, 'typing…');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(busySeen).to.have.length(0);
    expect(shadow(busy, '#intro').textContent).to.not.contain('Closes in');
  });
});

describe('sw-dialer wrap-up', () => {
  let api: ReturnType<typeof installFakeApi>;
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

  async function mount(
    template = testHtml`<sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US"></sw-dialer>`
  ) {
    const el = await fixture<SwDialer>(template);
    const transport = createScriptedTransport();
    el.transport = transport;
    el.authToken = 'host-session-jwt';
    const events = record<Record<string, unknown>>(el, 'sw-call-wrapped-up', 'sw-call-ended');
    return { el, transport, events };
  }
  const panelOf = (el: SwDialer) => el.shadowRoot!.querySelector<SwWrapUp>('sw-wrap-up');
  async function callAndHangUp(el: SwDialer, transport: ReturnType<typeof createScriptedTransport>, number = '+12025550100') {
    const before = transport.calls.length;
    shadow(el, 'sw-number-input').focus();
    expect(await el.dial(number)).to.equal(true);
    await until(() => transport.calls.length === before + 1, 'the call');
    transport.calls.at(-1)!.answer();
    await until(() => el.state === 'connected', 'connected');
    el.hangup();
    await until(() => el.state === 'ended', 'ended');
    await until(() => panelOf(el) !== null, 'the wrap-up');
    const panel = panelOf(el)!;
    await panel.updateComplete;
    return panel;
  }

  it('opens when a call ends with focus on it; Save stores it once through the API and fires sw-call-wrapped-up', async () => {
    const { el, transport, events } = await mount();
    const panel = await callAndHangUp(el, transport);
    expect(panel.getAttribute('part')).to.equal('wrap-up');
    await until(() => deepActive() === radios(panel)[0], 'focus on the first disposition');
    await expectAccessible(el, 'dialer with its wrap-up');

    radios(panel)[0]!.click();
    await typeNotes(panel, 'Send the price list');
    part(panel, 'save').click();
    const callId = api.calls[0]!.id;
    await until(() => api.wrapUps.has(callId), 'the wrap-up stored');
    expect(api.wrapUps.get(callId)).to.deep.equal({ disposition: 'Interested', notes: 'Send the price list', puts: 1 });
    const wrapped = events.filter((e) => e.type === 'sw-call-wrapped-up').map((e) => e.detail);
    expect(wrapped).to.deep.equal([{ callId, number: '+12025550100', disposition: 'Interested', notes: 'Send the price list' }]);
    // Focus goes back to the number field for the next call.
    await until(
      () => deepActive()?.closest('sw-number-input') !== null || (deepActive()?.getRootNode() as ShadowRoot)?.host?.tagName === 'SW-NUMBER-INPUT',
      'focus in the number field'
    );
  });

  it('dialing the next call closes it: a disposition already chosen is saved, an untouched one skipped', async () => {
    const { el, transport, events } = await mount(
      testHtml`<sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US" dispositions="Demo booked, Lost"></sw-dialer>`
    );
    let panel = await callAndHangUp(el, transport);
    expect(radios(panel).map((r) => r.value)).to.deep.equal(['Demo booked', 'Lost']);
    radios(panel)[1]!.click();
    await panel.updateComplete;
    // Typing the next number leaves it open.
    const input = shadow<HTMLInputElement>(shadow(el, 'sw-number-input'), 'input');
    input.value = '2025550123';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(panelOf(el)).to.equal(panel);

    panel = await callAndHangUp(el, transport, '+12025550123');
    const first = api.calls.find((c) => c.number === '+12025550100')!;
    await until(() => api.wrapUps.has(first.id), 'the first call wrapped up');
    expect(api.wrapUps.get(first.id)).to.deep.equal({ disposition: 'Lost', notes: '', puts: 1 });

    // The second wrap-up is left untouched, and the next dial skips it.
    await callAndHangUp(el, transport, '+12025550100');
    const second = api.calls.find((c) => c.number === '+12025550123')!;
    await el.updateComplete;
    expect(api.wrapUps.has(second.id)).to.equal(false);
    expect(events.filter((e) => e.type === 'sw-call-wrapped-up')).to.have.length(1);
  });

  it('Skip closes it without writing anything; no-wrap-up never shows it', async () => {
    const { el, transport } = await mount();
    const panel = await callAndHangUp(el, transport);
    part(panel, 'skip').click();
    await until(() => panelOf(el) === null, 'closed');
    expect(api.requests.filter((r) => r.method === 'PUT')).to.have.length(0);

    const quiet = await mount(
      testHtml`<sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US" no-wrap-up></sw-dialer>`
    );
    await quiet.el.dial('+12025550100');
    await until(() => quiet.transport.calls.length === 1);
    quiet.el.hangup();
    await until(() => quiet.el.state === 'ended');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(panelOf(quiet.el)).to.equal(null);
  });

  it('saved while the API is unreachable: delivered once, to the right call, when it is back', async () => {
    const { el, transport, events } = await mount();
    // The token comes before the outage (the first focus fetches it); the call's log does not get through.
    shadow(el, 'sw-number-input').focus();
    await until(() => api.tokens === 1, 'the token fetched ahead');
    api.down = true;
    const panel = await callAndHangUp(el, transport);
    radios(panel)[3]!.click();
    part(panel, 'save').click();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.calls).to.have.length(0);
    expect(events.filter((e) => e.type === 'sw-call-wrapped-up').map((e) => e.detail.callId)).to.deep.equal([null], 'the call id was never known');
    api.down = false;
    const back = api.requests.length;
    window.dispatchEvent(new Event('online'));
    await until(() => api.calls.length === 1 && api.wrapUps.size === 1, 'the call and its wrap-up', 5000);
    expect(api.wrapUps.get(api.calls[0]!.id)).to.deep.equal({ disposition: 'Left voicemail', notes: '', puts: 1 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const puts = api.requests.slice(back).filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.path)).to.deep.equal([`/api/telephony/calls/${api.calls[0]!.id}/wrap-up`], 'one wrap-up request once the API was back');
  });
});
