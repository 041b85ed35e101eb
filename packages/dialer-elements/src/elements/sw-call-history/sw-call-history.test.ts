import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../define.js';
import { expectAccessible, installFakeApi, record, shadow, until } from '../../../test/browser/helpers.js';
import { createScriptedTransport } from '../../../test/fakes/scripted-transport.js';
import type { SwDialer } from '../sw-dialer/sw-dialer.js';
import { SwCallHistory } from './sw-call-history.js';

type Api = ReturnType<typeof installFakeApi>;

function seed(api: Api, count: number) {
  for (let i = 0; i < count; i++) {
    const startedAt = new Date(Date.UTC(2026, 2, 1 + Math.floor(i / 5), 10, i)).toISOString();
    const failed = i % 4 === 0;
    api.seed({
      number: i % 3 === 0 ? '+12025550101' : '+12025550106',
      contactId: i % 3 === 0 ? 'contact-a' : null,
      status: failed ? 'failed' : 'ended',
      endReason: failed ? 'busy' : 'remote-hangup',
      startedAt,
      endedAt: startedAt,
      durationMs: failed ? 0 : 65_000
    });
  }
}

const rows = (el: SwCallHistory) => [...el.shadowRoot!.querySelectorAll('[part="row"]')];
const lastQuery = (api: Api) => new URL(api.requests.filter((r) => r.path.startsWith('/api/telephony/history')).at(-1)!.path, 'http://x').searchParams;

async function history(api: Api, template = html`<sw-call-history api-base="http://api.test" page-size="10"></sw-call-history>`) {
  const el = await fixture<SwCallHistory>(template);
  await until(() => api.requests.some((r) => r.path.startsWith('/api/telephony/history')) && !el._loading, 'first page');
  await el.updateComplete;
  return el;
}

async function filter(el: SwCallHistory, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) {
    const field = shadow<HTMLInputElement | HTMLSelectElement>(el, `[name="${name}"]`);
    field.value = value;
  }
  // As a person does it: the Apply button.
  shadow<HTMLButtonElement>(el, 'button[type="submit"]').click();
  await until(() => !el._loading, 'filtered page');
  await el.updateComplete;
}

describe('sw-call-history', () => {
  let api: Api;
  beforeEach(() => {
    api = installFakeApi();
  });
  afterEach(() => api.restore());

  it('pages through the calls, newest first, with page counts', async () => {
    seed(api, 25);
    const el = await history(api);
    expect(rows(el)).to.have.length(10);
    expect(shadow(el, '[part="pager"]').textContent).to.contain('Page 1 of 3');
    const first = rows(el)[0]!.getAttribute('data-call-id');
    const newest = [...api.calls].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0]!.id;
    expect(first).to.equal(newest);
    const [previous, next] = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="pager"] button');
    expect(previous!.disabled).to.equal(true);
    next!.click();
    await until(() => lastQuery(api).get('offset') === '10' && !el._loading);
    await el.updateComplete;
    expect(rows(el)).to.have.length(10);
    expect(shadow(el, '[part="pager"]').textContent).to.contain('Page 2 of 3');
    next!.click();
    await until(() => lastQuery(api).get('offset') === '20' && !el._loading);
    await el.updateComplete;
    expect(rows(el)).to.have.length(5);
    expect(next!.disabled).to.equal(true, 'no page after the last');
    await expectAccessible(el, 'history page 3');
  });

  it('says why each call ended in the same words as the status line, the cause of a network failure included', async () => {
    const startedAt = '2026-03-01T10:00:00.000Z';
    const failed = { number: '+12025550106', contactId: null, status: 'failed', startedAt, endedAt: startedAt, durationMs: 0 } as const;
    api.seed({ ...failed, endReason: 'network', errorCode: 'UPSTREAM_UNAVAILABLE' });
    api.seed({ ...failed, endReason: 'network', errorCode: 'CONNECTION_LOST', startedAt: '2026-03-01T10:01:00.000Z' });
    api.seed({ ...failed, endReason: 'network', startedAt: '2026-03-01T10:02:00.000Z' });
    api.seed({ ...failed, endReason: 'busy', startedAt: '2026-03-01T10:03:00.000Z' });
    const el = await history(api);
    const words = rows(el).map((row) => row.querySelector('.meta')!.textContent!.replace(/\s+/g, ' '));
    expect(words[0]).to.contain('The line is busy');
    expect(words[1]).to.contain('The network failed; try again');
    expect(words[2]).to.contain('Lost the connection to the calling service; try again');
    expect(words[3]).to.contain('Calling service unavailable; try again shortly');
  });

  it('an inbound call says Incoming; a missed one says so and stands out like a failure', async () => {
    const base = { number: '+12025550100', contactId: null, status: 'ended', endedAt: '2026-03-01T10:00:00.000Z', direction: 'inbound' } as const;
    api.seed({ ...base, endReason: 'missed', startedAt: '2026-03-01T10:02:00.000Z', durationMs: 0 });
    api.seed({ ...base, endReason: 'declined-by-agent', startedAt: '2026-03-01T10:01:00.000Z', durationMs: 0 });
    api.seed({ ...base, endReason: 'remote-hangup', startedAt: '2026-03-01T10:00:00.000Z', answeredAt: '2026-03-01T10:00:05.000Z', durationMs: 65_000 });
    const el = await history(api);
    const metas = rows(el).map((row) => row.querySelector('.meta')!);
    const words = metas.map((meta) => meta.textContent!.replace(/\s+/g, ' ').trim());
    expect(words[0]).to.match(/^Incoming · Missed call · /);
    expect(metas[0]!.classList.contains('failed')).to.equal(true, 'a missed call is marked');
    expect(words[1]).to.match(/^Incoming · You declined the call · /);
    expect(words[2]).to.match(/^Incoming · The other side hung up · 1:05 · /);
    expect(metas[2]!.classList.contains('failed')).to.equal(false);
    await expectAccessible(el);
  });

  it('filters by status, date range and contact number, and sends them to the API', async () => {
    seed(api, 25);
    const el = await history(api);
    await filter(el, { status: 'failed' });
    expect(lastQuery(api).get('status')).to.equal('failed');
    expect(rows(el)).to.have.length(7);
    for (const row of rows(el)) expect(row.textContent).to.contain('The line is busy');

    await filter(el, { status: '', from: '2026-03-02', to: '2026-03-03' });
    const q = lastQuery(api);
    expect(q.get('status')).to.equal(null);
    expect(new Date(q.get('from')!).getTime()).to.equal(new Date('2026-03-02T00:00:00').getTime());
    expect(new Date(q.get('to')!).getTime()).to.equal(new Date('2026-03-03T23:59:59.999').getTime());
    expect(rows(el).length).to.be.greaterThan(0);

    await filter(el, { from: '', to: '', who: '(202) 555-0101' });
    expect(lastQuery(api).get('number')).to.equal(null, 'a national number without a country is refused locally');
    expect(shadow(el, '.problem').textContent).to.contain('country code');
    await filter(el, { who: '+1 202 555 0101' });
    expect(lastQuery(api).get('number')).to.equal('+12025550101');
    expect(rows(el)).to.have.length(9);
  });

  it('rows name the contact and company, the disposition and a notes mark; filters by disposition and by a national number with the dialer’s country', async () => {
    api.contacts.push({ id: 'contact-a', displayName: 'Ada Lovelace', company: 'Analytical Engines', phoneNumbers: [{ e164: '+12025550101', type: 'work' }] });
    seed(api, 6);
    const ada = api.calls.find((c) => c.contactId === 'contact-a')!;
    const stranger = api.calls.find((c) => !c.contactId)!;
    api.wrapUps.set(ada.id, { disposition: 'Call back', notes: 'After 10', puts: 1 });
    api.wrapUps.set(stranger.id, { disposition: 'Lost', notes: '', puts: 1 });
    const dialer = await fixture<SwDialer>(html`<sw-dialer api-base="http://api.test" default-country="US" dispositions="Call back, Lost" .authToken=${'t'}
      ><sw-call-history slot="history" page-size="10"></sw-call-history
    ></sw-dialer>`);
    const el = dialer.querySelector<SwCallHistory>('sw-call-history')!;
    await until(() => rows(el).length === 6 && !el._loading, 'the list');
    await el.updateComplete;
    const row = (id: string) => rows(el).find((r) => r.getAttribute('data-call-id') === id)!;
    const words = (e: Element) => e.textContent!.replace(/\s+/g, ' ');
    expect(words(row(ada.id)))
      .to.contain('Ada Lovelace')
      .and.to.contain('Analytical Engines · +1 202 555 0101');
    expect(row(ada.id).querySelector('[part="disposition"]')!.textContent).to.equal('Call back');
    expect(row(ada.id).querySelector('[part="notes-marker"]')).to.not.equal(null);
    expect(words(row(stranger.id)))
      .to.contain('+1 202 555 0106')
      .and.not.contain('Ada');
    expect(row(stranger.id).querySelector('[part="disposition"]')!.textContent).to.equal('Lost');
    expect(row(stranger.id).querySelector('[part="notes-marker"]'), 'no notes, no mark').to.equal(null);
    const options = [...el.shadowRoot!.querySelectorAll<HTMLOptionElement>('select[name="disposition"] option')].map((o) => o.value);
    expect(options).to.deep.equal(['', 'Call back', 'Lost'], "the dialer's list");
    await expectAccessible(el, 'history with names and dispositions');

    await filter(el, { disposition: 'Lost' });
    expect(lastQuery(api).get('disposition')).to.equal('Lost');
    expect(rows(el).map((r) => r.getAttribute('data-call-id'))).to.deep.equal([stranger.id]);
    await filter(el, { disposition: '', who: '(202) 555-0101' });
    expect(lastQuery(api).get('number')).to.equal('+12025550101', 'a national number, read with the dialer’s default-country');
    expect(rows(el)).to.have.length(2);
  });

  it('contact-id shows one contact’s calls', async () => {
    seed(api, 25);
    const el = await history(api, html`<sw-call-history api-base="http://api.test" page-size="50" contact-id="contact-a"></sw-call-history>`);
    expect(lastQuery(api).get('contactId')).to.equal('contact-a');
    expect(rows(el)).to.have.length(9);
  });

  it('a row’s Call button asks to redial that number', async () => {
    seed(api, 3);
    const el = await history(api);
    const redials = record(el, 'sw-redial');
    const button = rows(el)[0]!.querySelector<HTMLButtonElement>('[part="redial"]')!;
    expect(button.getAttribute('aria-label')).to.match(/^Call \+1 202 555 01\d\d$/);
    button.click();
    expect(redials).to.have.length(1);
    expect((redials[0]!.detail as { number: string }).number).to.match(/^\+1202555010[16]$/);
  });

  it('reloads the first page when a call has been logged', async () => {
    seed(api, 2);
    const el = await history(api);
    expect(rows(el)).to.have.length(2);
    api.seed({ number: '+12025550100', status: 'ended', endReason: 'local-hangup', startedAt: '2026-04-01T00:00:00.000Z', durationMs: 1000 });
    const started = performance.now();
    document.dispatchEvent(new CustomEvent('sw-call-logged', { detail: { callId: null, pending: 0 } }));
    await until(() => rows(el).length === 3, 'the new call in the list', 1000);
    expect(performance.now() - started).to.be.lessThan(1000);
  });

  it('says so when the API cannot be reached, and when there are no calls', async () => {
    const el = await history(api);
    expect(el.shadowRoot!.textContent).to.contain('No calls yet.');
    await expectAccessible(el, 'empty history');
    api.down = true;
    await el.refresh();
    await el.updateComplete;
    expect(shadow(el, '[role="alert"]').textContent).to.contain('could not be loaded');
  });
});

describe('sw-call-history: the dialer it belongs to', () => {
  let api: Api;
  beforeEach(() => {
    localStorage.clear();
    api = installFakeApi();
    api.seed({ number: '+12025550106', status: 'ended', endReason: 'remote-hangup', startedAt: '2026-03-01T10:00:00.000Z', durationMs: 5_000 });
  });
  afterEach(async () => {
    fixtureCleanup();
    await new Promise((resolve) => setTimeout(resolve, 20));
    api.restore();
    localStorage.clear();
  });

  const redial = (el: SwCallHistory) => rows(el)[0]!.querySelector<HTMLButtonElement>('[part="redial"]')!;
  const historyRequests = () => api.requests.filter((r) => r.path.startsWith('/api/telephony/history'));

  it('outside the dialer, `dialer` names it: redial dials there (not on the other dialer), with its api-base and auth', async () => {
    const one = createScriptedTransport();
    const two = createScriptedTransport();
    const page = await fixture<HTMLDivElement>(html`<div>
      <sw-dialer id="d1" api-base="http://d1.test" default-country="US" .authToken=${'d1-token'} .transport=${one}></sw-dialer>
      <sw-dialer id="d2" api-base="http://d2.test" .authToken=${'d2-token'} .transport=${two}></sw-dialer>
      <section><sw-call-history dialer="d1" page-size="5"></sw-call-history></section>
    </div>`);
    const el = page.querySelector<SwCallHistory>('sw-call-history')!;
    await until(() => rows(el).length === 1, 'the list, loaded with the dialer’s settings');
    expect(historyRequests().map((r) => [r.url.slice(0, 'http://d1.test/'.length), r.auth])).to.deep.equal([['http://d1.test/', 'Bearer d1-token']]);

    const d1 = page.querySelector<SwDialer>('#d1')!;
    const redials = record<{ number: string }>(page, 'sw-redial');
    redial(el).click();
    await until(() => one.calls.length === 1, 'd1 dialled');
    expect(one.calls[0]!.request.number).to.equal('+12025550106');
    expect(redials.map((e) => e.detail)).to.deep.equal([{ number: '+12025550106' }], 'the event still bubbles for the page');
    expect(d1.state).to.equal('dialing');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(two.calls).to.have.length(0);
  });

  it('naming none, it uses the page’s only dialer; with two and none named it dials nothing; preventDefault on sw-redial takes it over', async () => {
    const transport = createScriptedTransport();
    const page = await fixture<HTMLDivElement>(html`<div>
      <sw-dialer api-base="http://api.test" .authToken=${'only-token'} .transport=${transport}></sw-dialer>
      <aside><sw-call-history></sw-call-history></aside>
    </div>`);
    const el = page.querySelector<SwCallHistory>('sw-call-history')!;
    await until(() => rows(el).length === 1, 'the list');
    expect(historyRequests()[0]!.auth).to.equal('Bearer only-token');

    const taken = (event: Event) => event.preventDefault();
    page.addEventListener('sw-redial', taken);
    redial(el).click();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(transport.calls).to.have.length(0, 'the page handled it');
    expect(api.requests.filter((r) => r.path === '/api/telephony/calls')).to.deep.equal([]);
    page.removeEventListener('sw-redial', taken);

    redial(el).click();
    await until(() => transport.calls.length === 1, 'the only dialer dialled');

    // A second dialer makes "the only one" ambiguous: the history then needs `dialer`.
    const other = createScriptedTransport();
    const second = document.createElement('sw-dialer');
    second.transport = other;
    page.append(second);
    const lone = document.createElement('sw-call-history');
    page.append(lone);
    await until(() => rows(lone).length === 1, 'a second list');
    redial(lone).click();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(transport.calls).to.have.length(1);
    expect(other.calls).to.have.length(0);
  });

  it('inside the dialer (slot="history"), a redial is dialled once, by that dialer', async () => {
    const transport = createScriptedTransport();
    const dialer = await fixture<SwDialer>(html`<sw-dialer api-base="http://api.test" .authToken=${'inner'} .transport=${transport}
      ><sw-call-history slot="history"></sw-call-history
    ></sw-dialer>`);
    const el = dialer.querySelector<SwCallHistory>('sw-call-history')!;
    await until(() => rows(el).length === 1, 'the list');
    expect(historyRequests()[0]!.auth).to.equal('Bearer inner');
    const before = record(dialer, 'sw-before-dial');
    redial(el).click();
    await until(() => transport.calls.length === 1, 'dialled');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(before).to.have.length(1, 'one dial');
    expect(transport.calls).to.have.length(1);
  });

  it('a call logged while its dialer sets the next call up reloads the list once that call rings (ADR 142)', async () => {
    const transport = createScriptedTransport();
    const dialer = await fixture<SwDialer>(html`<sw-dialer api-base="http://api.test" default-country="US" .authToken=${'inner'} .transport=${transport}
      ><sw-call-history slot="history"></sw-call-history
    ></sw-dialer>`);
    const el = dialer.querySelector<SwCallHistory>('sw-call-history')!;
    await until(() => rows(el).length === 1, 'the list');
    expect(await dialer.dial('+12025550100')).to.equal(true);
    await until(() => transport.calls.length === 1 && dialer.state === 'dialing', 'being set up');
    const loads = historyRequests().length;
    document.dispatchEvent(new CustomEvent('sw-call-logged', { detail: { callId: null, pending: 0 } }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(historyRequests().length, 'not while the call is set up').to.equal(loads);
    transport.calls[0]!.ring();
    await until(() => historyRequests().length === loads + 1, 'reloaded once it rang');
    transport.calls[0]!.end();
  });

  it('auth and api-base set before the history is defined are kept; setting auth later reloads a refused list', async () => {
    const tag = 'sw-call-history-late';
    const el = document.createElement(tag) as SwCallHistory;
    el.apiBase = 'http://late.test';
    el.getAuthHeaders = () => ({ authorization: 'Bearer early-history' });
    customElements.define(tag, class extends SwCallHistory {});
    (await fixture<HTMLDivElement>(html`<div></div>`)).append(el);
    await until(() => rows(el).length === 1, 'the list');
    expect(historyRequests().map((r) => [r.url.startsWith('http://late.test/'), r.auth])).to.deep.equal([[true, 'Bearer early-history']]);

    // A page whose sign-in comes after the list first loaded.
    const later = await fixture<SwCallHistory>(html`<sw-call-history api-base="http://api.test"></sw-call-history>`);
    api.down = true;
    await later.refresh();
    await later.updateComplete;
    expect(shadow(later, '[role="alert"]').textContent).to.contain('could not be loaded');
    api.down = false;
    later.authToken = 'signed-in';
    await until(() => rows(later).length === 1, 'reloaded on sign-in');
    expect(historyRequests().at(-1)!.auth).to.equal('Bearer signed-in');
  });
});
