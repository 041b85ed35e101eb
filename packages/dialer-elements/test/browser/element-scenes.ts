// Every element in every state it can show, in a given language: the scenes the language tests
// (src/i18n/i18n.test.ts) scan for English and run axe on, and the narrow-screen test measures.
// Each scene mounts into `box` and resolves once rendered; it returns the element to inspect.
import { html, nothing, render, unsafeCSS } from 'lit';
import '../../src/define.js';
import type { Messages } from '../../src/i18n/en.js';
import { LocalizedElement } from '../../src/i18n/localized-element.js';
import { themeStyles } from '../../src/styles/theme.styles.js';
import { SwIncomingCall } from '../../src/elements/sw-incoming-call/sw-incoming-call.js';
import type { SwWrapUp } from '../../src/elements/sw-wrap-up/sw-wrap-up.js';
import { defineWrapUp } from '../../src/elements/sw-wrap-up/wrap-up-flow.js';
import type { SwDialer } from '../../src/elements/sw-dialer/sw-dialer.js';
import type { SwNumberInput } from '../../src/elements/sw-number-input/sw-number-input.js';
import type { SwCallControls } from '../../src/elements/sw-call-controls/sw-call-controls.js';
import type { SwCallHistory } from '../../src/elements/sw-call-history/sw-call-history.js';
import { installFakeApi, shadow, until } from './helpers.js';
import { createScriptedTransport } from '../fakes/scripted-transport.js';
import { TAB_CHANNEL, type SharedCall } from '../../src/tabs/tab-channel.js';
import { partitionOf } from '../../src/call-log/partition-of.js';

export interface Scene {
  name: string;
  mount(box: HTMLElement, lang: string, m: Messages): Promise<Element>;
}

type Api = ReturnType<typeof installFakeApi>;

/** Renders a template into the box and waits for every element in it (and inside them) to settle. */
async function show(box: HTMLElement, template: unknown): Promise<Element> {
  render(template, box);
  const el = box.firstElementChild!;
  await settle(el);
  return el;
}

/** Waits for the element and the elements in its shadow root, all the way down, to finish updating. */
export async function settle(el: Element): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const all = [el, ...deep(el)];
    await Promise.all(all.map((e) => (e as Partial<{ updateComplete: Promise<unknown> }>).updateComplete));
  }
}

function deep(el: Element): Element[] {
  const found: Element[] = [];
  const walk = (root: ParentNode) => {
    for (const child of root.querySelectorAll('*')) {
      found.push(child);
      if (child.shadowRoot) walk(child.shadowRoot);
    }
  };
  if (el.shadowRoot) walk(el.shadowRoot);
  return found;
}

// The lazily loaded elements, defined as their chunks define them (the wrap-up on the page's lit).
defineWrapUp({ Base: LocalizedElement, html, nothing, unsafeCSS, themeStyles });
if (!customElements.get('sw-incoming-call')) customElements.define('sw-incoming-call', SwIncomingCall);

const STATES = ['idle', 'dialing', 'ringing', 'connected', 'ended', 'failed'] as const;
const contact = { id: 'c1', displayName: 'Lucía Gómez', company: 'Acme', phoneNumbers: [{ e164: '+12025550101', type: 'mobile' }] };

/** The presentational elements: each state given as attributes. */
export const elementScenes: Scene[] = [
  ...STATES.map<Scene>((state) => ({
    name: `sw-call-status ${state}`,
    mount: (box, lang, m) => show(box, html`<sw-call-status lang=${lang} state=${state} number="+1 202 555 0101" reason=${m.reasons.busy!}></sw-call-status>`)
  })),
  ...(['dialing', 'ringing', 'connected'] as const).map<Scene>((state) => ({
    name: `sw-call-status ${state} through the phone`,
    mount: (box, lang) => show(box, html`<sw-call-status lang=${lang} via="phone" state=${state} number="+1 202 555 0101"></sw-call-status>`)
  })),
  ...STATES.map<Scene>((state) => ({
    name: `sw-call-controls ${state}`,
    mount: (box, lang) => show(box, html`<sw-call-controls lang=${lang} .state=${state}></sw-call-controls>`)
  })),
  {
    name: 'sw-call-controls connected, muted, held, keypad open, tones sent',
    async mount(box, lang) {
      const el = (await show(box, html`<sw-call-controls lang=${lang} .state=${'connected'} muted held></sw-call-controls>`)) as SwCallControls;
      shadow<HTMLButtonElement>(el, '[part="keypad-toggle"]').click();
      await el.updateComplete;
      shadow<HTMLButtonElement>(el, '[data-key="5"]').click();
      await el.updateComplete;
      return el;
    }
  },
  {
    name: 'sw-call-controls through the phone',
    mount: (box, lang) => show(box, html`<sw-call-controls lang=${lang} .state=${'connected'} via="phone"></sw-call-controls>`)
  },
  {
    name: 'sw-call-timer running',
    mount: (box, lang) => show(box, html`<sw-call-timer lang=${lang} .answeredAt=${Date.now() - 65_000}></sw-call-timer>`)
  },
  {
    name: 'sw-call-timer over an hour, ended',
    mount: (box, lang) => show(box, html`<sw-call-timer lang=${lang} .answeredAt=${0} .endedAt=${3_725_000}></sw-call-timer>`)
  },
  ...['available', 'busy', 'dnd', 'away', 'offline', 'unknown'].map<Scene>((status) => ({
    name: `sw-presence-indicator ${status}, may be out of date`,
    mount: (box, lang) => show(box, html`<sw-presence-indicator lang=${lang} status=${status} degraded></sw-presence-indicator>`)
  })),
  {
    name: 'sw-contact-card looking up',
    mount: (box, lang) => show(box, html`<sw-contact-card lang=${lang} number="+12025550101" loading></sw-contact-card>`)
  },
  {
    name: 'sw-contact-card unknown',
    mount: (box, lang) => show(box, html`<sw-contact-card lang=${lang} number="+12025550101"></sw-contact-card>`)
  },
  {
    name: 'sw-contact-card known, with presence',
    mount: (box, lang) =>
      show(box, html`<sw-contact-card lang=${lang} number="+12025550101" .contact=${contact} presence="busy" presence-degraded></sw-contact-card>`)
  },
  ...[4.4, 3.8, 2.1].map<Scene>((mos) => ({
    name: `sw-call-quality MOS ${mos}`,
    mount: (box, lang) => show(box, html`<sw-call-quality lang=${lang} .mos=${mos} .jitterMs=${12} .packetLossPct=${1.25} .rttMs=${85}></sw-call-quality>`)
  })),
  {
    name: 'sw-number-input empty',
    mount: (box, lang) => show(box, html`<sw-number-input lang=${lang} default-country="US"></sw-number-input>`)
  },
  ...['', '12', '+1 202 555 0100 ext. 7', 'hello'].map<Scene>((value) => ({
    name: `sw-number-input refusing "${value}"`,
    async mount(box, lang) {
      const el = (await show(box, html`<sw-number-input lang=${lang} default-country="US" .value=${value}></sw-number-input>`)) as SwNumberInput;
      await el.check();
      await el.updateComplete;
      return el;
    }
  })),
  {
    name: 'sw-phone-fallback offer',
    mount: (box, lang, m) => show(box, html`<sw-phone-fallback lang=${lang} reason=${m.browserCannotCall} agent-phone="+12025550199"></sw-phone-fallback>`)
  },
  ...(['dialing', 'connected'] as const).map<Scene>((state) => ({
    name: `sw-phone-fallback call through the phone ${state}`,
    mount: (box, lang) => show(box, html`<sw-phone-fallback lang=${lang} state=${state}></sw-phone-fallback>`)
  })),
  {
    name: 'sw-wrap-up open, closing by itself',
    mount: (box, lang) => show(box, html`<sw-wrap-up lang=${lang} number="+1 202 555 0101" .timeout=${120}></sw-wrap-up>`)
  },
  {
    name: 'sw-wrap-up without a number, notes typed, Save refused without a disposition',
    async mount(box, lang) {
      const el = (await show(box, html`<sw-wrap-up lang=${lang}></sw-wrap-up>`)) as SwWrapUp;
      const notes = shadow<HTMLTextAreaElement>(el, '[part="notes"]');
      notes.value = 'Hat Interesse';
      notes.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      shadow<HTMLButtonElement>(el, '[part="save"]').click();
      await settle(el);
      return el;
    }
  },
  {
    name: 'sw-wrap-up saved',
    async mount(box, lang) {
      const el = (await show(box, html`<sw-wrap-up lang=${lang}></sw-wrap-up>`)) as SwWrapUp;
      shadow<HTMLInputElement>(el, 'input[type="radio"]').click();
      shadow<HTMLButtonElement>(el, '[part="save"]').click();
      await settle(el);
      return el;
    }
  },
  {
    name: 'sw-incoming-call from a contact, with presence',
    mount: (box, lang) =>
      show(box, html`<sw-incoming-call lang=${lang} name="Lucía Gómez" company="Acme" number="+1 202 555 0101" presence="available"></sw-incoming-call>`)
  },
  {
    name: 'sw-incoming-call from an unknown caller, while on a call',
    mount: (box, lang) => show(box, html`<sw-incoming-call lang=${lang} busy></sw-incoming-call>`)
  },
  {
    name: 'sw-incoming-call ringing in another tab',
    mount: (box, lang) => show(box, html`<sw-incoming-call lang=${lang} mode="elsewhere" name="Lucía Gómez"></sw-incoming-call>`)
  }
];

/** The history list against the in-memory API: rows with every end reason, then empty, then unreachable. */
export function historyScenes(api: () => Api): Scene[] {
  const mountHistory = async (box: HTMLElement, lang: string) => {
    const el = (await show(box, html`<sw-call-history lang=${lang} api-base="http://api.test" page-size="20"></sw-call-history>`)) as SwCallHistory;
    await until(() => el._view !== undefined && !el._loading, 'the history page', 5000);
    await settle(el);
    return el;
  };
  const reasons = ['local-hangup', 'remote-hangup', 'busy', 'no-answer', 'declined', 'invalid-number', 'network', 'canceled', 'abandoned', 'error'] as const;
  return [
    {
      name: 'sw-call-history with calls',
      mount(box, lang) {
        reasons.forEach((endReason, i) => {
          const startedAt = new Date(Date.UTC(2026, 2, 1, 10, i)).toISOString();
          api().seed({
            number: '+12025550106',
            status: ['busy', 'no-answer', 'declined', 'invalid-number', 'network', 'error'].includes(endReason) ? 'failed' : 'ended',
            endReason,
            errorCode: endReason === 'network' && i % 2 ? 'CONNECTION_LOST' : null,
            startedAt,
            endedAt: startedAt,
            durationMs: endReason === 'remote-hangup' ? 65_000 : 0
          });
        });
        return mountHistory(box, lang);
      }
    },
    { name: 'sw-call-history empty', mount: (box, lang) => mountHistory(box, lang) },
    {
      name: 'sw-call-history with a bad number filter',
      async mount(box, lang) {
        const el = await mountHistory(box, lang);
        shadow<HTMLInputElement>(el, '[name="who"]').value = '12';
        shadow<HTMLButtonElement>(el, 'button[type="submit"]').click();
        await until(() => !el._loading && el._problem !== '', 'the refused filter');
        await settle(el);
        return el;
      }
    },
    {
      name: 'sw-call-history unreachable',
      async mount(box, lang) {
        const el = await mountHistory(box, lang);
        el.apiBase = 'http://unreachable.test';
        const original = window.fetch;
        window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
        try {
          await el.refresh();
        } finally {
          window.fetch = original;
        }
        await settle(el);
        return el;
      }
    }
  ];
}

/** The whole widget through a call's states, its calls played by a scripted transport. */
export function dialerScenes(): Scene[] {
  const mountDialer = async (box: HTMLElement, lang: string) => {
    const el = (await show(
      box,
      html`<sw-dialer lang=${lang} token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US"></sw-dialer>`
    )) as SwDialer;
    const transport = createScriptedTransport();
    el.transport = transport;
    el.authToken = 'host-session-jwt';
    return { el, transport };
  };
  const dialTo = async (box: HTMLElement, lang: string, state: string, play: (t: ReturnType<typeof createScriptedTransport>) => void = () => {}) => {
    const { el, transport } = await mountDialer(box, lang);
    el.number = '+1 202 555 0106';
    await el.dial();
    await until(() => transport.calls.length === 1, 'the transport dialled');
    play(transport);
    await until(() => el.state === state, `state ${state} (is ${el.state})`);
    await settle(el);
    return el;
  };
  return [
    { name: 'sw-dialer idle', mount: async (box, lang) => (await mountDialer(box, lang)).el },
    {
      name: 'sw-dialer refusing a number',
      async mount(box, lang) {
        const { el } = await mountDialer(box, lang);
        el.number = '12';
        await el.dial();
        await settle(el);
        return el;
      }
    },
    { name: 'sw-dialer dialing', mount: (box, lang) => dialTo(box, lang, 'dialing') },
    { name: 'sw-dialer ringing', mount: (box, lang) => dialTo(box, lang, 'ringing', (t) => t.calls[0]!.ring()) },
    {
      name: 'sw-dialer connected, with quality',
      mount: (box, lang) =>
        dialTo(box, lang, 'connected', (t) => {
          t.calls[0]!.answer();
          t.calls[0]!.emit({ type: 'TRANSPORT.QUALITY', quality: { jitterMs: 8, packetLossPct: 0.5, rttMs: 60, mos: 4.3 } });
        })
    },
    { name: 'sw-dialer ended busy', mount: (box, lang) => dialTo(box, lang, 'failed', (t) => t.calls[0]!.end('USER_BUSY', 17)) },
    {
      name: 'sw-dialer with the wrap-up after a call',
      async mount(box, lang) {
        const el = await dialTo(box, lang, 'connected', (t) => t.calls[0]!.answer());
        el.hangup();
        // The wrap-up is created by its own chunk, without a lang: it takes its dialer's.
        await until(() => el.shadowRoot!.querySelector('sw-wrap-up') !== null, 'the wrap-up', 5000);
        await settle(el);
        return el;
      }
    },
    {
      name: 'sw-dialer failed: microphone denied, offering the phone',
      mount: (box, lang) =>
        dialTo(box, lang, 'failed', (t) =>
          t.calls[0]!.emit({ type: 'TRANSPORT.FAILED', code: 'MIC_DENIED', message: 'Microphone access was denied', retryable: false })
        )
    },
    {
      name: 'sw-dialer failed: connection lost',
      mount: (box, lang) =>
        dialTo(box, lang, 'failed', (t) => {
          t.calls[0]!.answer();
          t.calls[0]!.emit({ type: 'TRANSPORT.ENDED', sdkReason: 'RECONNECTION_ATTEMPT_TIMEOUT' });
        })
    }
  ];
}

/** Another tab of this browser, as the widget hears it (src/tabs/): it says its call. */
const otherTab = new BroadcastChannel(TAB_CHANNEL);
export const ANOTHER_TABS_CALL: SharedCall = {
  state: 'connected',
  reconnecting: false,
  muted: true,
  held: true,
  via: 'browser',
  number: '+12025550101',
  displayNumber: '+1 202 555 0101',
  name: contact.displayName,
  company: contact.company,
  answeredAt: Date.now() - 65_000,
  endedAt: null,
  callId: 'call-elsewhere',
  endReason: null,
  error: null,
  busy: false,
  ending: false,
  durationMs: null,
  quality: null
};

/** The widget showing another tab's call: up (muted, held), then over. Last, so that no later scene dials during it. */
export function elsewhereScenes(): Scene[] {
  const showing = async (box: HTMLElement, lang: string, call: SharedCall) => {
    const el = (await show(
      box,
      html`<sw-dialer lang=${lang} token-endpoint="/api/telephony/signalwire/token" api-base="http://api.test" default-country="US"></sw-dialer>`
    )) as SwDialer;
    el.transport = createScriptedTransport();
    el.authToken = 'host-session-jwt';
    const user = partitionOf({ authorization: 'Bearer host-session-jwt' });
    const controls = () => el.shadowRoot!.querySelector('sw-call-controls') as SwCallControls;
    const shows = (state: string) => el.shadowRoot!.querySelector('[part="elsewhere"]') !== null && controls().state === state;
    // The other tab's heartbeat until this widget (signed in a moment after it rendered) shows the call; then,
    // for the scene of its end, the end: a tab shows the end of a call it showed.
    const beat = setInterval(() => otherTab.postMessage({ t: 'call', from: 'scene-tab', user, call: ANOTHER_TABS_CALL }), 100);
    try {
      await until(() => shows('connected'), 'the call of the other tab');
    } finally {
      clearInterval(beat);
    }
    if (call !== ANOTHER_TABS_CALL) {
      otherTab.postMessage({ t: 'call', from: 'scene-tab', user, call });
      await until(() => shows(call.state), 'its end');
    }
    await settle(el);
    return el;
  };
  return [
    { name: "sw-dialer showing another tab's call, muted and held", mount: (box, lang) => showing(box, lang, ANOTHER_TABS_CALL) },
    {
      name: "sw-dialer showing another tab's call, over",
      mount: (box, lang) =>
        showing(box, lang, { ...ANOTHER_TABS_CALL, state: 'ended', muted: false, held: false, endedAt: Date.now(), endReason: 'remote-hangup' })
    }
  ];
}

/** Text and accessible names a person meets in the element, through every shadow root inside it. */
export function shownText(el: Element): string {
  const parts: string[] = [];
  const attrs = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-roledescription'];
  const walk = (root: Node) => {
    for (const node of root.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
      if (!(node instanceof Element) || node.localName === 'style') continue;
      for (const attr of attrs) if (node.hasAttribute(attr)) parts.push(node.getAttribute(attr)!);
      if (node.shadowRoot) walk(node.shadowRoot);
      walk(node);
    }
  };
  if (el.shadowRoot) walk(el.shadowRoot);
  return parts.join(' ');
}
