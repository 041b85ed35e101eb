import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { expectAccessible, record, shadow, until } from '../../../test/browser/helpers.js';
import { phoneMetadata } from '../../phone/phone-metadata.js';
import { lettersToDigits } from '../../phone/keypad.js';
import type { SwNumberInput } from './sw-number-input.js';

async function paste(el: SwNumberInput, text: string) {
  const input = shadow<HTMLInputElement>(el, 'input');
  input.focus();
  input.select();
  const data = new DataTransfer();
  data.setData('text/plain', text);
  // Firefox empties the clipboardData of a synthetic ClipboardEvent, so the data is attached by hand:
  // what is under test is the element's paste handling, the same in every browser.
  const event = new Event('paste', { bubbles: true, cancelable: true, composed: true });
  Object.defineProperty(event, 'clipboardData', { value: data });
  input.dispatchEvent(event);
  expect(event.defaultPrevented, 'the raw paste is replaced by the cleaned text').to.equal(true);
}

async function type(el: SwNumberInput, text: string) {
  const input = shadow<HTMLInputElement>(el, 'input');
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

const lastChange = (events: Array<{ detail: unknown }>) => events.at(-1)?.detail as { value: string; e164: string | null } | undefined;

describe('sw-number-input', () => {
  it('validates E.164 and national numbers with default-country', async () => {
    const el = await fixture<SwNumberInput>(html`<sw-number-input default-country="US"></sw-number-input>`);
    const events = record(el, 'sw-number-input');
    await type(el, '(202) 555-0100');
    expect(events.length, 'the value change is announced at once').to.be.greaterThan(0);
    expect(lastChange(events)!.value).to.equal('(202) 555-0100');
    // The E.164 form follows as soon as the metadata is in.
    await until(() => lastChange(events)?.e164 != null, 'parsed change event');
    expect(lastChange(events)).to.deep.equal({ value: '(202) 555-0100', e164: '+12025550100' });
    // Another world zone (+44): its metadata arrives on first use, and the E.164 form follows it.
    await type(el, '+44 20 7946 0958');
    await until(() => lastChange(events)?.value === '+44 20 7946 0958' && lastChange(events)?.e164 != null, 'zone 4 parsed');
    expect(lastChange(events)!.e164).to.equal('+442079460958');
    expect(await el.check()).to.deep.equal({ ok: true, e164: '+442079460958', message: null });
    // Once a zone is here, parsing is synchronous: the change event carries the E.164 form at once.
    await type(el, '+44 20 7946 0959');
    expect(lastChange(events)).to.deep.equal({ value: '+44 20 7946 0959', e164: '+442079460959' });
    // As in the production bundle, the metadata came by zone (the test server splits it too): North
    // America's and Europe's (4), no other.
    expect((phoneMetadata as { loadedZones?(): string[] }).loadedZones?.()).to.deep.equal(['1', '4']);
  });

  it('without a default country a national number asks for the country code', async () => {
    const el = await fixture<SwNumberInput>(html`<sw-number-input></sw-number-input>`);
    await type(el, '202 555 0100');
    const result = await el.check();
    expect(result.ok).to.equal(false);
    expect(result.message).to.equal('Start with + and the country code, or set a default country');
  });

  const pastes: Array<[string, string]> = [
    ['(202) 555-0100', '2025550100'],
    ['+1 202.555.0100', '+12025550100'],
    ['tel:+1-202-555-0100', '+12025550100'],
    ['tel:+12025550100;phone-context=example.com', '+12025550100'],
    ['  +1\u00a0(202)\u00a0555–0100 ', '+1202555–0100']
  ];
  for (const [pasted, shown] of pastes) {
    it(`cleans a paste of ${JSON.stringify(pasted)}`, async () => {
      const el = await fixture<SwNumberInput>(html`<sw-number-input default-country="US"></sw-number-input>`);
      await paste(el, pasted);
      await until(() => el.value !== '', 'paste applied');
      expect(el.value).to.equal(shown);
    });
  }

  it('pasted numbers from every format validate to the same E.164', async () => {
    const el = await fixture<SwNumberInput>(html`<sw-number-input default-country="US"></sw-number-input>`);
    for (const pasted of ['(202) 555-0100', '+1 202.555.0100', 'tel:+1-202-555-0100']) {
      el.value = '';
      await el.updateComplete;
      await paste(el, pasted);
      await until(() => el.value !== '');
      expect((await el.check()).e164, pasted).to.equal('+12025550100');
    }
  });

  it('shows an inline error after blur, wires it to the field, and clears it on edit', async () => {
    const el = await fixture<SwNumberInput>(html`<sw-number-input default-country="US"></sw-number-input>`);
    await type(el, '12');
    const input = shadow<HTMLInputElement>(el, 'input');
    expect(input.getAttribute('aria-invalid')).to.equal('false', 'no error while typing');
    // The blur event itself, not input.blur(): a headless page without window focus may not fire it.
    input.dispatchEvent(new FocusEvent('blur'));
    await until(() => input.getAttribute('aria-invalid') === 'true', 'error shown');
    expect(shadow(el, '#error').textContent!.trim()).to.not.equal('');
    expect(input.getAttribute('aria-describedby')).to.equal('error');
    await type(el, '2025550100');
    await until(() => input.getAttribute('aria-invalid') === 'false', 'error cleared');
    expect(shadow(el, '#error').textContent!.trim()).to.equal('');
  });

  it('rejects extensions with a hint to use the keypad', async () => {
    const el = await fixture<SwNumberInput>(html`<sw-number-input default-country="US"></sw-number-input>`);
    await type(el, '+1 202 555 0100 ext. 12');
    const result = await el.check();
    expect(result.ok).to.equal(false);
    expect(result.message).to.match(/Extensions are not supported/);
  });

  it('keypad keys insert digits; Delete removes; vanity letters map to digits', async () => {
    const el = await fixture<SwNumberInput>(html`<sw-number-input default-country="US"></sw-number-input>`);
    for (const key of ['2', '0', '2']) shadow<HTMLButtonElement>(el, `button[data-key="${key}"]`).click();
    await el.updateComplete;
    expect(el.value).to.equal('202');
    shadow<HTMLButtonElement>(el, '[part="backspace"]').click();
    await el.updateComplete;
    expect(el.value).to.equal('20');
    expect(shadow(el, 'button[data-key="7"]').textContent).to.contain('PQRS');
    expect(lettersToDigits('1-800-FLOWERS')).to.equal('1-800-3569377');
    await type(el, '1-800-FLOWERS');
    expect((await el.check()).e164).to.equal('+18003569377');
  });

  it('a long press on 0 types +, without a 0', async () => {
    const el = await fixture<SwNumberInput>(html`<sw-number-input></sw-number-input>`);
    const zero = shadow<HTMLButtonElement>(el, 'button[data-key="0"]');
    zero.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 700));
    zero.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    zero.click();
    await el.updateComplete;
    expect(el.value).to.equal('+');
    zero.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    zero.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    zero.click();
    await el.updateComplete;
    expect(el.value).to.equal('+0', 'a short press is a 0');
  });

  it('Enter submits; keypad keys are real buttons reachable by keyboard', async () => {
    const el = await fixture<SwNumberInput>(html`<sw-number-input></sw-number-input>`);
    const submits = record(el, 'sw-number-submit');
    await type(el, '+12025550100');
    shadow<HTMLInputElement>(el, 'input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    expect(submits).to.have.length(1);
    expect(submits[0]!.detail).to.deep.equal({ value: '+12025550100' });
    const keys = el.shadowRoot!.querySelectorAll('button[data-key]');
    expect(keys).to.have.length(12);
    for (const key of keys) expect(key.tagName).to.equal('BUTTON');
  });

  it('disabled disables the field and every key', async () => {
    const el = await fixture<SwNumberInput>(html`<sw-number-input disabled></sw-number-input>`);
    expect(shadow<HTMLInputElement>(el, 'input').disabled).to.equal(true);
    for (const key of el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')) expect(key.disabled).to.equal(true);
  });

  it('passes axe empty, with a valid number, and with an error', async () => {
    const el = await fixture<SwNumberInput>(html`<sw-number-input default-country="US"></sw-number-input>`);
    await expectAccessible(el, 'empty');
    await type(el, '2025550100');
    await expectAccessible(el, 'valid');
    await type(el, '99');
    await el.check();
    await el.updateComplete;
    expect(shadow(el, 'input').getAttribute('aria-invalid')).to.equal('true');
    await expectAccessible(el, 'error');
  });
});
