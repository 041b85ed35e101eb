import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { expectAccessible, record, shadow } from '../../../test/browser/helpers.js';
import type { SwCallControls } from './sw-call-controls.js';

const actions = (events: Array<{ detail: unknown }>) =>
  events.map((e) => (e.detail as { action: string; digits?: string }).digits ?? (e.detail as { action: string }).action);

describe('sw-call-controls', () => {
  it('idle: Call is enabled only with a number; no in-call buttons', async () => {
    const el = await fixture<SwCallControls>(html`<sw-call-controls state="idle"></sw-call-controls>`);
    expect(shadow<HTMLButtonElement>(el, '[part="call"]').disabled).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part="end"]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="mute"]')).to.equal(null);
    el.canCall = false;
    await el.updateComplete;
    expect(shadow<HTMLButtonElement>(el, '[part="call"]').disabled).to.equal(true);
  });

  it('busy (the host is placing a call): Call is disabled; in a call, Cancel stays usable', async () => {
    const el = await fixture<SwCallControls>(html`<sw-call-controls state="idle"></sw-call-controls>`);
    el.busy = true;
    await el.updateComplete;
    expect(shadow<HTMLButtonElement>(el, '[part="call"]').disabled).to.equal(true);
    el.busy = false;
    await el.updateComplete;
    expect(shadow<HTMLButtonElement>(el, '[part="call"]').disabled).to.equal(false);
    el.state = 'dialing';
    el.busy = true;
    await el.updateComplete;
    const cancel = shadow<HTMLButtonElement>(el, '[part="end"]');
    expect(cancel.disabled).to.equal(false);
    expect(cancel.textContent!.trim()).to.equal('Cancel call');
  });

  for (const state of ['dialing', 'ringing'] as const) {
    it(`${state}: Cancel enabled; Mute, Hold and Keypad disabled`, async () => {
      const el = await fixture<SwCallControls>(html`<sw-call-controls state=${state}></sw-call-controls>`);
      expect(shadow<HTMLButtonElement>(el, '[part="end"]').textContent!.trim()).to.equal('Cancel call');
      for (const part of ['mute', 'hold', 'keypad-toggle']) expect(shadow<HTMLButtonElement>(el, `[part="${part}"]`).disabled, part).to.equal(true);
      await expectAccessible(el, state);
    });
  }

  it('connected: End, Mute and Hold toggles with aria-pressed, DTMF keypad sends digits', async () => {
    const el = await fixture<SwCallControls>(html`<sw-call-controls state="connected"></sw-call-controls>`);
    const events = record(el, 'sw-call-action');
    expect(shadow(el, '[part="end"]').textContent!.trim()).to.equal('End call');
    shadow<HTMLButtonElement>(el, '[part="mute"]').click();
    el.muted = true;
    await el.updateComplete;
    expect(shadow(el, '[part="mute"]').getAttribute('aria-pressed')).to.equal('true');
    expect(shadow(el, '[part="mute"]').textContent!.trim()).to.equal('Unmute');
    shadow<HTMLButtonElement>(el, '[part="mute"]').click();
    shadow<HTMLButtonElement>(el, '[part="hold"]').click();
    el.held = true;
    await el.updateComplete;
    shadow<HTMLButtonElement>(el, '[part="hold"]').click();
    const toggle = shadow<HTMLButtonElement>(el, '[part="keypad-toggle"]');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    for (const key of ['1', '#', '0']) shadow<HTMLButtonElement>(el, `[part="dtmf"] button[data-key="${key}"]`).click();
    await el.updateComplete;
    expect(shadow(el, '.sent').textContent).to.contain('1#0');
    await expectAccessible(el, 'connected with keypad');
    expect(actions(events)).to.deep.equal(['mute', 'unmute', 'hold', 'resume', '1', '#', '0']);
    el.state = 'ended';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="dtmf"]')).to.equal(null, 'the keypad closes with the call');
    expect(shadow(el, '[part="call"]')).to.exist;
  });

  it('disabled disables every button', async () => {
    const el = await fixture<SwCallControls>(html`<sw-call-controls state="connected" disabled></sw-call-controls>`);
    for (const button of el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')) expect(button.disabled).to.equal(true);
  });

  for (const state of ['idle', 'ended', 'failed'] as const) {
    it(`${state} passes axe`, async () => {
      const el = await fixture<SwCallControls>(html`<sw-call-controls state=${state}></sw-call-controls>`);
      expect(shadow(el, '[part="call"]').textContent!.trim()).to.equal('Call');
      await expectAccessible(el, state);
    });
  }

  it('via="phone" while open: the phone is the control, so no End, Mute, Hold or keypad, and it says so; axe', async () => {
    const el = await fixture<SwCallControls>(html`<sw-call-controls state="connected" .via=${'phone'}></sw-call-controls>`);
    expect(el.shadowRoot!.querySelectorAll('button')).to.have.length(0);
    expect(shadow(el, '[part="phone-hint"]').textContent).to.contain('Use your phone to talk and to hang up');
    await expectAccessible(el, 'phone connected');
    el.state = 'ended';
    await el.updateComplete;
    expect(shadow<HTMLButtonElement>(el, '[part="call"]').disabled).to.equal(false, 'Call is back once it is over');
  });
});
