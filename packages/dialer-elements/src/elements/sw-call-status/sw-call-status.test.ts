import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { expectAccessible } from '../../../test/browser/helpers.js';
import type { SwCallStatus } from './sw-call-status.js';

describe('sw-call-status', () => {
  const cases = [
    ['idle', 'Ready'],
    ['dialing', 'Calling…'],
    ['ringing', 'Ringing…'],
    ['connected', 'Connected'],
    ['ended', 'Call ended'],
    ['failed', 'Call failed']
  ] as const;
  for (const [state, label] of cases) {
    it(`renders ${state} and passes axe`, async () => {
      const el = await fixture<SwCallStatus>(html`<sw-call-status state=${state} number="+1 202 555 0101" reason="The line is busy"></sw-call-status>`);
      const text = el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
      expect(text).to.contain(label);
      if (state !== 'idle') expect(text).to.contain('+1 202 555 0101');
      // The reason only once the call is over.
      expect(text.includes('The line is busy')).to.equal(state === 'ended' || state === 'failed');
      expect(el.shadowRoot!.querySelector('[role="status"]')!.getAttribute('aria-live')).to.equal('polite');
      await expectAccessible(el, `status ${state}`);
    });
  }

  const phone = [
    ['dialing', 'Calling your phone…'],
    ['ringing', 'Your phone is ringing: answer it'],
    ['connected', 'Connected through your phone'],
    ['ended', 'Call ended']
  ] as const;
  for (const [state, label] of phone) {
    it(`via="phone": ${state} says what the agent's phone is doing; axe`, async () => {
      const el = await fixture<SwCallStatus>(html`<sw-call-status via="phone" state=${state} number="+1 202 555 0101"></sw-call-status>`);
      expect(el.shadowRoot!.querySelector('[part="state"]')!.textContent).to.equal(label);
      await expectAccessible(el, `phone ${state}`);
    });
  }
});
