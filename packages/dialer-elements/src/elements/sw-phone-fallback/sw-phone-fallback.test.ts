import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { expectAccessible, record, shadow, until } from '../../../test/browser/helpers.js';
import type { SwNumberInput } from '../sw-number-input/sw-number-input.js';
import type { SwPhoneFallback } from './sw-phone-fallback.js';

const field = (el: SwPhoneFallback) => shadow<SwNumberInput>(el, 'sw-number-input');
const button = (el: SwPhoneFallback) => shadow<HTMLButtonElement>(el, '[part="call"]');

async function type(el: SwPhoneFallback, text: string) {
  const input = shadow<HTMLInputElement>(field(el), 'input');
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

describe('sw-phone-fallback', () => {
  it('says why and what it does, prefilled from agent-phone, and asks for the call with the E.164 number; axe', async () => {
    const el = await fixture<SwPhoneFallback>(
      html`<sw-phone-fallback reason="Microphone access was denied." agent-phone="(202) 555-0199" default-country="US"></sw-phone-fallback>`
    );
    expect(shadow(el, '[part="reason"]').textContent).to.contain('Microphone access was denied. You can call through your phone instead');
    expect(field(el).value).to.equal('(202) 555-0199');
    expect(shadow(field(el), 'label').textContent!.trim()).to.equal('Your phone number');
    expect(field(el).shadowRoot!.querySelector('[part="keypad"]')).to.equal(null, 'no keypad: a second one would only confuse');
    await expectAccessible(el, 'offer');
    const requests = record<{ agentPhone: string }>(el, 'sw-phone-call-request');
    button(el).click();
    await until(() => requests.length === 1, 'the request');
    expect(requests[0]!.detail).to.deep.equal({ agentPhone: '+12025550199' });
  });

  it('an invalid number is shown inline and asks for nothing; Enter in the field asks too', async () => {
    const el = await fixture<SwPhoneFallback>(html`<sw-phone-fallback reason="This browser cannot place calls." default-country="US"></sw-phone-fallback>`);
    const requests = record(el, 'sw-phone-call-request');
    expect(button(el).disabled).to.equal(true, 'nothing typed yet');
    await type(el, '555');
    expect(button(el).disabled).to.equal(false);
    button(el).click();
    await until(() => shadow(field(el), 'input').getAttribute('aria-invalid') === 'true', 'the error shown');
    expect(shadow(field(el), '#error').textContent!.trim()).to.equal('This number is not valid');
    expect(requests).to.have.length(0);
    await expectAccessible(el, 'invalid');
    await type(el, '+44 20 7946 0958');
    shadow<HTMLInputElement>(field(el), 'input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    await until(() => requests.length === 1, 'Enter asked');
    expect(requests[0]!.detail).to.deep.equal({ agentPhone: '+442079460958' });
  });

  it('disabled asks for nothing', async () => {
    const el = await fixture<SwPhoneFallback>(html`<sw-phone-fallback agent-phone="+12025550199" disabled></sw-phone-fallback>`);
    const requests = record(el, 'sw-phone-call-request');
    expect(button(el).disabled).to.equal(true);
    button(el).click();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).to.have.length(0);
  });

  it('while a call through the phone is up: no offer, an End button (Cancel before the answer) that asks to hang up, waiting while `ending`', async () => {
    const el = await fixture<SwPhoneFallback>(html`<sw-phone-fallback state="ringing" agent-phone="+12025550199"></sw-phone-fallback>`);
    const hangups = record(el, 'sw-phone-hangup-request');
    const end = () => shadow<HTMLButtonElement>(el, '[part="end"]');
    expect(el.shadowRoot!.querySelector('[part="call"]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('sw-number-input')).to.equal(null);
    expect(end().textContent!.trim()).to.equal('Cancel call');
    expect(shadow(el, '[part="reason"]').textContent).to.equal('This call goes through your phone.');
    expect(shadow(el, '[part="reason"]').hasAttribute('role')).to.equal(false);
    await expectAccessible(el, 'in progress');
    end().click();
    expect(hangups).to.have.length(1);

    el.state = 'connected';
    el.ending = true;
    await el.updateComplete;
    expect(end().textContent!.trim()).to.equal('End call');
    expect(end().disabled).to.equal(true);
    end().click();
    expect(hangups).to.have.length(1, 'nothing while the last request runs');

    el.ending = false;
    el.reason = 'SignalWire could not end the call; hang up on your phone';
    await el.updateComplete;
    expect(end().disabled).to.equal(false);
    expect(shadow(el, '[part="reason"]').getAttribute('role')).to.equal('alert');
    expect(shadow(el, '[part="reason"]').textContent).to.equal('SignalWire could not end the call; hang up on your phone');
    await expectAccessible(el, 'in progress with a problem');

    el.state = 'ended';
    el.reason = 'Calls from this browser did not work.';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="end"]')).to.equal(null);
    expect(shadow(el, '[part="call"]')).to.exist;
  });
});
