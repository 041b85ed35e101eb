import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../define.js';
import { expectAccessible, installFakeApi, until } from '../../../test/browser/helpers.js';
import { createScriptedTransport } from '../../../test/fakes/scripted-transport.js';
import type { SwDialer } from '../sw-dialer/sw-dialer.js';

type Api = ReturnType<typeof installFakeApi>;

const stack = () => document.querySelector('body > sw-toasts');
const toasts = () => [...(stack()?.shadowRoot?.querySelectorAll<HTMLElement>('[part~="toast"]') ?? [])];
const texts = () => toasts().map((t) => t.querySelector('[part="text"]')!.textContent);

/** A dialer in a dock: `open` false is the collapsed dock (the dialer not displayed). */
async function docked({ open = false, toasts = true, lang = 'de' } = {}) {
  const dock = await fixture<HTMLDivElement>(html`<div style=${open ? '' : 'display: none'}>
    <sw-dialer ?toasts=${toasts} lang=${lang} token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US"></sw-dialer>
  </div>`);
  const el = dock.querySelector('sw-dialer')!;
  const transport = createScriptedTransport();
  el.transport = transport;
  el.authToken = 'host-session-jwt';
  await el.updateComplete;
  return { dock, el, transport };
}

async function call(el: SwDialer, transport: ReturnType<typeof createScriptedTransport>) {
  el.number = '+1 202 555 0106';
  expect(await el.dial()).to.equal(true);
  await until(() => transport.calls.length === 1, 'the transport dialled');
  return transport.calls[0]!;
}

describe('sw-dialer toasts', () => {
  let api: Api;
  beforeEach(() => {
    localStorage.clear();
    api = installFakeApi();
  });
  afterEach(async () => {
    fixtureCleanup();
    stack()?.remove();
    await new Promise((resolve) => setTimeout(resolve, 20));
    api.restore();
    localStorage.clear();
  });

  it('in a collapsed dock, call events are status toasts and a failure an alert, in the dialer’s language; axe', async () => {
    const { el, transport } = await docked();
    const placed = await call(el, transport);
    placed.ring();
    await until(() => texts().length === 1, 'the ringing toast');
    expect(texts()[0]).to.contain('Klingelt…').and.contain('+1 202 555 0106');
    expect(toasts()[0]!.parentElement!.getAttribute('role')).to.equal('status');
    expect(toasts()[0]!.lang).to.equal('de');
    placed.end('USER_BUSY', 17);
    await until(() => texts().length === 2, 'the failure toast');
    expect(texts()[1]).to.contain('Anruf fehlgeschlagen').and.contain('Die Leitung ist besetzt');
    expect(toasts()[1]!.parentElement!.getAttribute('role')).to.equal('alert');
    expect(toasts()[1]!.getAttribute('part')).to.equal('toast alert');
    expect(stack()!.getAttribute('aria-label')).to.equal('Anrufhinweise');
    await expectAccessible(stack()!, 'toasts');
  });

  it('a dial refused before it starts is an alert with the field’s words; Dismiss removes a toast', async () => {
    // The Spanish words first (their chunk is fetched on first use, and a toast says what is shown).
    const probe = await fixture<HTMLElement>(html`<sw-call-status lang="es"></sw-call-status>`);
    await until(() => probe.shadowRoot!.textContent!.includes('Listo'), 'the Spanish catalogue');
    const { el } = await docked({ lang: 'es' });
    el.number = '12';
    expect(await el.dial()).to.equal(false);
    await until(() => texts().length === 1, 'the refusal toast');
    expect(texts()[0]).to.equal('Este número no es válido');
    const dismiss = toasts()[0]!.querySelector<HTMLButtonElement>('[part="dismiss"]')!;
    expect(dismiss.getAttribute('aria-label')).to.equal('Cerrar');
    dismiss.click();
    expect(toasts()).to.have.length(0);
  });

  it('no toast while the dialer is on screen (it shows the same itself), nor without the attribute', async () => {
    const open = await docked({ open: true });
    const placed = await call(open.el, open.transport);
    placed.ring();
    await until(() => open.el.state === 'ringing', 'ringing');
    // The next dialer's dial waits for this call's closing write (docs/adr/0053): let it land before removing.
    const logged = new Promise((resolve) => open.el.addEventListener('sw-call-logged', resolve, { once: true }));
    placed.end('USER_BUSY', 17);
    await until(() => open.el.state === 'failed', 'failed');
    await logged;
    fixtureCleanup();

    const off = await docked({ toasts: false });
    const second = await call(off.el, off.transport);
    second.ring();
    await until(() => off.el.state === 'ringing', 'ringing');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(texts(), texts().join(' | ')).to.deep.equal([]);
  });

  it('a dialer scrolled out of the viewport counts as off screen', async () => {
    const { dock, el, transport } = await docked({ open: true });
    dock.style.cssText = 'position: absolute; top: 200vh';
    const placed = await call(el, transport);
    placed.ring();
    await until(() => texts().length === 1, 'the toast');
  });
});
