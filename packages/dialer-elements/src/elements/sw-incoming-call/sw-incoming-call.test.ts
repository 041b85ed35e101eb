import { expect, fixture, html } from '@open-wc/testing';
import { expectAccessible, record, shadow } from '../../../test/browser/helpers.js';
import '../../define.js';
import { SwIncomingCall } from './sw-incoming-call.js';

if (!customElements.get('sw-incoming-call')) customElements.define('sw-incoming-call', SwIncomingCall);

describe('sw-incoming-call', () => {
  it('names the caller with company, number and presence, and announces the call', async () => {
    const el = await fixture<SwIncomingCall>(
      html`<sw-incoming-call name="Ada Answers" company="Northwind Traders" number="+1 202-555-0100" presence="available"></sw-incoming-call>`
    );
    expect(shadow(el, '[role="alert"]').textContent).to.equal('Incoming call from Ada Answers, Northwind Traders');
    expect(shadow(el, '[part="name"]').textContent).to.equal('Ada Answers');
    expect(el.shadowRoot!.textContent).to.contain('+1 202-555-0100');
    expect(shadow(el, 'sw-presence-indicator').getAttribute('status')).to.equal('available');
    await expectAccessible(el);
  });

  it('an unknown caller is named by the number', async () => {
    const el = await fixture<SwIncomingCall>(html`<sw-incoming-call number="+1 202-555-0177"></sw-incoming-call>`);
    expect(shadow(el, '[part="name"]').textContent).to.equal('+1 202-555-0177');
    expect(el.shadowRoot!.querySelector('sw-presence-indicator')).to.equal(null);
  });

  it('Answer and Decline are buttons: clicked or pressed from the keyboard, they say which', async () => {
    const el = await fixture<SwIncomingCall>(html`<sw-incoming-call name="Ada Answers"></sw-incoming-call>`);
    const actions = record<{ action: string }>(el, 'sw-incoming-action');
    shadow<HTMLButtonElement>(el, '[part="answer"]').click();
    const decline = shadow<HTMLButtonElement>(el, '[part="decline"]');
    decline.focus();
    // A focused <button> activates on Enter/Space natively; the keyboard path is the click path.
    decline.click();
    expect(actions.map((a) => a.detail.action)).to.deep.equal(['answer', 'decline']);
    expect(decline.type).to.equal('button');
    expect(document.activeElement).to.equal(el, 'focus stays on the panel when the agent put it there');
  });

  it('shows why answering was refused, in a status region', async () => {
    const el = await fixture<SwIncomingCall>(html`<sw-incoming-call name="Ada Answers" busy></sw-incoming-call>`);
    expect(shadow(el, '[part="notice"]').getAttribute('role')).to.equal('status');
    expect(shadow(el, '[part="notice"]').textContent).to.equal('You are on a call: end it to answer this one');
    await expectAccessible(el);
  });

  it('elsewhere: only where it rings, no buttons', async () => {
    const el = await fixture<SwIncomingCall>(html`<sw-incoming-call mode="elsewhere" name="Ada Answers"></sw-incoming-call>`);
    expect(shadow(el, '[part="notice"]').textContent!.trim()).to.equal('Ringing in another tab: Ada Answers');
    expect(el.shadowRoot!.querySelector('button')).to.equal(null);
    await expectAccessible(el);
  });
});
