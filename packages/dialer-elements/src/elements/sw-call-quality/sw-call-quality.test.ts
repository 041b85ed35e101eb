import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { expectAccessible } from '../../../test/browser/helpers.js';
import type { SwCallQuality } from './sw-call-quality.js';

const bars = (el: SwCallQuality) => [...el.shadowRoot!.querySelectorAll('[part="bar"]')].map((bar) => bar.classList.contains('on'));
const label = (el: SwCallQuality) => el.shadowRoot!.querySelector('[part="indicator"]')!.getAttribute('aria-label');

describe('sw-call-quality', () => {
  it('renders nothing until there is a reading', async () => {
    const el = await fixture<SwCallQuality>(html`<sw-call-quality></sw-call-quality>`);
    expect(el.shadowRoot!.querySelector('[part="indicator"]')).to.equal(null);
    expect(el.hasAttribute('rating')).to.equal(false);
  });

  const cases = [
    { mos: 4.4, rating: 'good', word: 'Good', on: [true, true, true] },
    { mos: 3.8, rating: 'fair', word: 'Fair', on: [true, true, false] },
    { mos: 2.1, rating: 'poor', word: 'Poor', on: [true, false, false] }
  ] as const;
  for (const c of cases) {
    it(`MOS ${c.mos} is ${c.rating}: ${c.on.filter(Boolean).length} bars and the word (never colour alone), figures in its name; axe`, async () => {
      const el = await fixture<SwCallQuality>(html`<sw-call-quality .mos=${c.mos} .jitterMs=${12.4} .packetLossPct=${1.25} .rttMs=${84.6}></sw-call-quality>`);
      expect(el.getAttribute('rating')).to.equal(c.rating);
      expect(bars(el)).to.deep.equal([...c.on]);
      expect(el.shadowRoot!.querySelector('[part="label"]')!.textContent!.trim()).to.equal(c.word);
      expect(label(el)).to.equal(`Call quality ${c.rating}: MOS ${c.mos.toFixed(1)}, jitter 12 ms, packet loss 1.3%, round trip 85 ms`);
      expect(el.shadowRoot!.querySelector('[part="indicator"]')!.getAttribute('role')).to.equal('img');
      await expectAccessible(el, c.rating);
    });
  }

  it('leaves out what was not measured, and follows new readings', async () => {
    const el = await fixture<SwCallQuality>(html`<sw-call-quality .mos=${4.3} .jitterMs=${3} .packetLossPct=${0}></sw-call-quality>`);
    expect(label(el)).to.equal('Call quality good: MOS 4.3, jitter 3 ms, packet loss 0%');
    el.mos = 3.1;
    await el.updateComplete;
    expect(el.getAttribute('rating')).to.equal('poor');
    expect(bars(el)).to.deep.equal([true, false, false]);
  });
});
