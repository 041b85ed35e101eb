import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { expectAccessible } from '../../../test/browser/helpers.js';
import type { SwPresenceIndicator } from './sw-presence-indicator.js';

describe('sw-presence-indicator', () => {
  const words = {
    available: 'Available',
    busy: 'Busy',
    dnd: 'Do not disturb',
    away: 'Away',
    offline: 'Offline',
    unknown: 'Presence unknown',
    bogus: 'Presence unknown'
  };
  for (const [status, word] of Object.entries(words)) {
    it(`${status} reads "${word}" (never colour alone) and passes axe`, async () => {
      const el = await fixture<SwPresenceIndicator>(html`<sw-presence-indicator status=${status}></sw-presence-indicator>`);
      expect(el.shadowRoot!.querySelector('[part="label"]')!.textContent!.trim()).to.equal(word);
      await expectAccessible(el, status);
    });
  }

  it('says when presence may be out of date', async () => {
    const el = await fixture<SwPresenceIndicator>(html`<sw-presence-indicator status="busy" degraded></sw-presence-indicator>`);
    expect(el.shadowRoot!.textContent).to.contain('may be out of date');
  });
});
