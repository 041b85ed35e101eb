// The public event classes (docs/adr/0091): each is its own class, typed through HTMLElementEventMap, and keeps
// what the events always were: bubbling, composed, and only sw-before-dial cancelable. The sw-dialer tests
// check the details each one carries; these check the classes, and that the element fires instances of them.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../define.js';
import { installFakeApi } from '../../test/browser/helpers.js';
import { createScriptedTransport } from '../../test/fakes/scripted-transport.js';
import type { SwDialer } from '../elements/sw-dialer/sw-dialer.js';
import {
  SwBeforeDialEvent,
  SwCallEndedEvent,
  SwCallErrorEvent,
  SwCallLoggedEvent,
  SwCallQualityEvent,
  SwCallStateChangeEvent,
  SwCallWrappedUpEvent,
  SwContactResolvedEvent,
  SwDialerEvent,
  SwIncomingCallEvent,
  SwOnlineChangeEvent
} from '../index.js';

const samples = [
  new SwBeforeDialEvent({ number: '+12025550100' }),
  new SwCallStateChangeEvent({ state: 'dialing', previousState: 'idle', callId: null, number: '+12025550100', muted: false, held: false, reconnecting: false }),
  new SwCallEndedEvent({ callId: 'c1', number: '+12025550100', status: 'ended', endReason: 'remote-hangup', durationMs: 1200 }),
  new SwCallErrorEvent({ code: 'INVALID_NUMBER', message: 'This number is not valid' }),
  new SwContactResolvedEvent({ number: '+12025550100', contact: null }),
  new SwCallLoggedEvent({ callId: 'c1', pending: 0 }),
  new SwCallQualityEvent({ callId: 'c1', number: '+12025550100', jitterMs: 3, packetLossPct: 0, rttMs: 40, mos: 4.3, rating: 'good' }),
  new SwCallWrappedUpEvent({ callId: 'c1', number: '+12025550100', disposition: 'Interested', notes: '' }),
  new SwIncomingCallEvent({ number: '+12025550100', contact: null }),
  new SwOnlineChangeEvent({ online: true })
];

describe('public event classes', () => {
  it('name their events as the element always fired them, bubbling and composed', () => {
    expect(samples.map((e) => e.type)).to.deep.equal([
      'sw-before-dial',
      'sw-call-state-change',
      'sw-call-ended',
      'sw-call-error',
      'sw-contact-resolved',
      'sw-call-logged',
      'sw-call-quality',
      'sw-call-wrapped-up',
      'sw-incoming-call',
      'sw-online-change'
    ]);
    for (const event of samples) {
      expect(event, event.type).to.be.instanceOf(CustomEvent);
      expect(event, event.type).to.be.instanceOf(SwDialerEvent);
      expect([event.type, event.bubbles, event.composed]).to.deep.equal([event.type, true, true]);
      expect([event.type, event.cancelable]).to.deep.equal([event.type, event.type === 'sw-before-dial']);
    }
    expect(samples[2]!.detail).to.deep.equal({ callId: 'c1', number: '+12025550100', status: 'ended', endReason: 'remote-hangup', durationMs: 1200 });
  });

  it('are typed on addEventListener through HTMLElementEventMap', () => {
    const el = document.createElement('sw-dialer');
    const reasons: string[] = [];
    // Type-level: `e` is SwCallEndedEvent, so `detail.endReason` is known and a wrong field is an error.
    el.addEventListener('sw-call-ended', (e) => reasons.push(e.detail.endReason));
    // @ts-expect-error sw-call-ended's detail has no `reason`
    el.addEventListener('sw-call-ended', (e) => e.detail.reason);
    // @ts-expect-error sw-call-logged's detail has no `endReason`
    el.addEventListener('sw-call-logged', (e) => e.detail.endReason);
    // @ts-expect-error sw-online-change's detail has no `number`
    el.addEventListener('sw-online-change', (e) => e.detail.number);
    el.dispatchEvent(samples[2]!);
    expect(reasons).to.deep.equal(['remote-hangup']);
  });

  describe('fired by <sw-dialer>', () => {
    let api: ReturnType<typeof installFakeApi>;
    beforeEach(() => {
      localStorage.clear();
      api = installFakeApi();
    });
    afterEach(async () => {
      fixtureCleanup();
      await new Promise((resolve) => setTimeout(resolve, 20));
      api.restore();
      localStorage.clear();
    });

    it('are instances of the classes, seen from the document', async () => {
      const el = await fixture<SwDialer>(
        html`<sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US"></sw-dialer>`
      );
      el.transport = createScriptedTransport();
      el.authToken = 'host-session-jwt';
      const seen: Event[] = [];
      const keep = (e: Event) => seen.push(e);
      document.addEventListener('sw-before-dial', keep);
      document.addEventListener('sw-call-error', keep);
      try {
        el.addEventListener('sw-before-dial', (e) => e.preventDefault(), { once: true });
        expect(await el.dial('+12025550100')).to.equal(false);
        expect(await el.dial('555')).to.equal(false);
      } finally {
        document.removeEventListener('sw-before-dial', keep);
        document.removeEventListener('sw-call-error', keep);
      }
      expect(seen.map((e) => e.type)).to.deep.equal(['sw-before-dial', 'sw-call-error']);
      expect(seen[0]).to.be.instanceOf(SwBeforeDialEvent);
      expect(seen[0]!.defaultPrevented).to.equal(true);
      expect(seen[1]).to.be.instanceOf(SwCallErrorEvent);
      expect((seen[1] as SwCallErrorEvent).detail).to.deep.equal({ code: 'INVALID_NUMBER', message: 'This number is not valid' });
    });
  });
});
