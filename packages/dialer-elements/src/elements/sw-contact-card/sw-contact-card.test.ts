import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { expectAccessible } from '../../../test/browser/helpers.js';
import type { SwContactCard } from './sw-contact-card.js';

const contact = { id: 'c-1', displayName: 'Ada Lovelace', company: 'Analytical Engines', phoneNumbers: [{ e164: '+12025550100', type: 'work' }] };

describe('sw-contact-card', () => {
  it('renders nothing without a number', async () => {
    const el = await fixture<SwContactCard>(html`<sw-contact-card></sw-contact-card>`);
    expect(el.shadowRoot!.querySelector('[part="card"]')).to.equal(null);
  });

  it('shows the contact, company and presence', async () => {
    const el = await fixture<SwContactCard>(html`<sw-contact-card number="+12025550100" presence="available" .contact=${contact}></sw-contact-card>`);
    expect(el.shadowRoot!.querySelector('[part="name"]')!.textContent).to.equal('Ada Lovelace');
    expect(el.shadowRoot!.querySelector('[part="company"]')!.textContent).to.equal('Analytical Engines');
    expect(el.shadowRoot!.querySelector('sw-presence-indicator')!.getAttribute('status')).to.equal('available');
    await expectAccessible(el);
  });

  it('says the contact is unknown, or that it is looking', async () => {
    const el = await fixture<SwContactCard>(html`<sw-contact-card number="+12025550199"></sw-contact-card>`);
    expect(el.shadowRoot!.textContent).to.contain('Unknown contact');
    el.loading = true;
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Looking up');
    await expectAccessible(el);
  });
});
