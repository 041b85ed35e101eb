// Every element in every state, in each shipped language: axe-clean, and (in Spanish and German) not one
// English word of the English catalogue on screen or in an accessible name, so a string that bypasses
// the catalogue fails here. Also: how the language is chosen, host overrides, Intl formatting.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../define.js';
import { expectAccessible, installFakeApi, shadow, until } from '../../test/browser/helpers.js';
import { dialerScenes, elementScenes, elsewhereScenes, historyScenes, settle, shownText, type Scene } from '../../test/browser/element-scenes.js';
import de from './de.js';
import enDispositions from './en-dispositions.js';
import enHistory from './en-history.js';
import enTabs from './en-tabs.js';
import enIncoming from './en-incoming.js';
import enWrapUp from './en-wrap-up.js';
import en, { type Messages } from './en.js';
import es from './es.js';
import type { SwCallStatus } from '../elements/sw-call-status/sw-call-status.js';
import type { SwCallTimer } from '../elements/sw-call-timer/sw-call-timer.js';

const CATALOGUES: Record<string, Messages> = { en: { ...en, ...enHistory, ...enWrapUp, ...enDispositions, ...enIncoming, ...enTabs }, es, de };

/** Every string a catalogue can say: its strings, and its functions called with sample arguments. */
function said(m: Messages): string[] {
  const out: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'string') out.push(value);
    else if (typeof value === 'function') out.push(String((value as (...a: unknown[]) => unknown)('‹x›', 2, 3)));
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(m);
  return out;
}

const words = (text: string) => new Set(text.match(/\p{L}{3,}/gu)?.map((w) => w.toLowerCase()) ?? []);

// What the engine and the phone parser say in English (the English catalogue passes them through).
const ENGINE_ENGLISH = [
  'Microphone access was denied',
  'The connection to the calling service was lost',
  'The number is too short',
  'Enter a phone number',
  'This is not a phone number',
  'Extensions are not supported: dial the main number, then use the keypad',
  'Your phone number'
];

/** English words a page in `lang` must never show: those of the English catalogue the language does not share. */
function englishOnly(lang: string): Set<string> {
  const own = words(said(CATALOGUES[lang]!).join(' '));
  const english = words([...said(CATALOGUES.en!), ...ENGINE_ENGLISH].join(' '));
  return new Set([...english].filter((w) => !own.has(w)));
}

/** Resolves once `lang`'s catalogue has arrived (its chunk is fetched on first use). */
async function languageReady(lang: string): Promise<void> {
  const probe = await fixture<SwCallStatus>(html`<sw-call-status lang=${lang}></sw-call-status>`);
  await until(() => probe.shadowRoot!.textContent!.includes(CATALOGUES[lang]!.status.idle), `the ${lang} catalogue`, 5000);
  fixtureCleanup();
}

function scenesFor(api: () => ReturnType<typeof installFakeApi>): Scene[] {
  return [...elementScenes, ...historyScenes(api), ...dialerScenes(), ...elsewhereScenes()];
}

for (const lang of ['en', 'es', 'de']) {
  describe(`every element in ${lang}`, () => {
    let api: ReturnType<typeof installFakeApi>;
    let box: HTMLElement;
    before(() => languageReady(lang));
    beforeEach(async () => {
      localStorage.clear();
      api = installFakeApi();
      box = await fixture<HTMLDivElement>(html`<div></div>`);
    });
    afterEach(async () => {
      fixtureCleanup();
      await new Promise((resolve) => setTimeout(resolve, 20));
      api.restore();
      localStorage.clear();
    });

    for (const scene of scenesFor(() => api)) {
      it(`${scene.name}: axe-clean${lang === 'en' ? '' : ', no English word'}`, async () => {
        const el = await scene.mount(box, lang, CATALOGUES[lang]!);
        await settle(el);
        const text = shownText(el);
        expect(text.trim(), 'renders something').to.not.equal('');
        if (lang !== 'en') {
          const forbidden = englishOnly(lang);
          const found = [...words(text)].filter((w) => forbidden.has(w));
          expect(found, `English words in ${lang} "${scene.name}": ${text.replace(/\s+/g, ' ')}`).to.deep.equal([]);
        }
        await expectAccessible(el, `${scene.name} (${lang})`);
      });
    }
  });
}

describe('choosing the language', () => {
  before(() => Promise.all([languageReady('de'), languageReady('es')]));
  afterEach(() => {
    document.documentElement.removeAttribute('lang');
  });

  const state = (el: Element) => shadow(el, '[part="state"]').textContent;

  it('the element’s own lang wins over the nearest [lang] above it, which wins over the document’s', async () => {
    document.documentElement.lang = 'es';
    const box = await fixture<HTMLDivElement>(html`<div lang="de-AT">
      <sw-call-status></sw-call-status><sw-call-status lang="en-GB"></sw-call-status>
    </div>`);
    const [inherits, own] = [...box.querySelectorAll('sw-call-status')] as SwCallStatus[];
    await settle(box.lastElementChild!);
    expect(state(inherits!)).to.equal('Bereit');
    expect(state(own!)).to.equal('Ready');
    const alone = await fixture<SwCallStatus>(html`<sw-call-status></sw-call-status>`);
    expect(state(alone)).to.equal('Listo');
  });

  it('the parts of <sw-dialer> follow its lang through its shadow root, and follow a change of it', async () => {
    const el = await fixture(html`<sw-dialer lang="de"></sw-dialer>`);
    const status = shadow(el, 'sw-call-status');
    await settle(el);
    expect(state(status)).to.equal('Bereit');
    el.setAttribute('lang', 'es');
    await until(() => state(status) === 'Listo', 'Spanish after the change');
  });

  it('a language without a catalogue is English; so is one whose chunk cannot load', async () => {
    const el = await fixture<SwCallStatus>(html`<sw-call-status lang="fi"></sw-call-status>`);
    expect(state(el)).to.equal('Ready');
  });

  it('a host overrides any message, maps key by key, for the element and the elements inside it', async () => {
    const el = await fixture<HTMLElement & { messages: unknown }>(html`<sw-dialer lang="de"></sw-dialer>`);
    el.messages = { status: { idle: 'Wartet auf Sie' }, call: 'Wählen' };
    const status = shadow(el, 'sw-call-status');
    const controls = shadow(el, 'sw-call-controls');
    await until(() => state(status) === 'Wartet auf Sie', 'the override');
    await settle(el);
    expect(shadow(controls, '[part="call"]').textContent!.trim()).to.equal('Wählen');
    // The other states keep the catalogue's words.
    status.setAttribute('state', 'ringing');
    await settle(el);
    expect(state(status)).to.equal('Klingelt…');
  });

  it('formats for the language with Intl: the timer’s name in words with plural forms, quality figures', async () => {
    const one = await fixture<SwCallTimer>(html`<sw-call-timer lang="de" .answeredAt=${0} .endedAt=${61_000}></sw-call-timer>`);
    const oneLabel = shadow(one, '[part="time"]').getAttribute('aria-label')!;
    expect(oneLabel).to.match(/^Gesprächsdauer 1 Minute\b.* 1 Sekunde$/);
    const many = await fixture<SwCallTimer>(html`<sw-call-timer lang="es" .answeredAt=${0} .endedAt=${3_725_000}></sw-call-timer>`);
    expect(shadow(many, '[part="time"]').getAttribute('aria-label')).to.match(/^Duración de la llamada: 1 hora\b.* 2 minutos\b.* 5 segundos$/);
    expect(shadow(many, '[part="time"]').textContent).to.equal('1:02:05');
    const quality = await fixture(html`<sw-call-quality lang="de" .mos=${4.3} .jitterMs=${8} .packetLossPct=${0.5} .rttMs=${60}></sw-call-quality>`);
    // Intl puts a no-break space before % in German; compared as plain spaces.
    expect(
      shadow(quality, '[part="indicator"]')
        .getAttribute('aria-label')!
        .replace(/[\u00a0\u202f]/g, ' ')
    ).to.equal('Gesprächsqualität gut: MOS 4,3, Laufzeitschwankung 8 ms, Paketverlust 0,5 %, Umlaufzeit 60 ms');
  });

  it('plural forms come from Intl.PluralRules in each catalogue', () => {
    expect([1, 2, 1000].map((n) => de.callCount(n))).to.deep.equal(['1 Anruf', '2 Anrufe', '1.000 Anrufe']);
    expect([1, 2].map((n) => es.callCount(n))).to.deep.equal(['1 llamada', '2 llamadas']);
    expect([1, 2].map((n) => enHistory.callCount(n))).to.deep.equal(['1 call', '2 calls']);
  });
});
