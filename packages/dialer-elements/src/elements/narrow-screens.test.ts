// Every element in every state on a phone-width column (320 px) and in a 640 px window at 200 % zoom, in
// English and in German (the longer words): nothing wider than its box, nothing sticking out of the
// column, and every button a 44 px target. The widget lays out by container queries on its own width
// (docs/adr/0108), so a column this wide is what a 320 px screen gives it.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../define.js';
import { installFakeApi, until } from '../../test/browser/helpers.js';
import { dialerScenes, elementScenes, elsewhereScenes, historyScenes, settle } from '../../test/browser/element-scenes.js';
import type { SwCallStatus } from './sw-call-status/sw-call-status.js';
import de from '../i18n/de.js';
import enDispositions from '../i18n/en-dispositions.js';
import enHistory from '../i18n/en-history.js';
import enTabs from '../i18n/en-tabs.js';
import enIncoming from '../i18n/en-incoming.js';
import enWrapUp from '../i18n/en-wrap-up.js';
import en, { type Messages } from '../i18n/en.js';

const CATALOGUES: Record<string, Messages> = { en: { ...en, ...enHistory, ...enWrapUp, ...enDispositions, ...enIncoming, ...enTabs }, de };

/** Every element inside `el`, through shadow roots, that a person can see (not the visually hidden ones). */
function seen(el: Element): HTMLElement[] {
  const found: HTMLElement[] = [];
  const walk = (root: ParentNode) => {
    for (const child of root.children) {
      if (!(child instanceof HTMLElement) || child.localName === 'style') continue;
      if (child.classList.contains('visually-hidden')) continue;
      found.push(child);
      if (child.shadowRoot) walk(child.shadowRoot);
      walk(child);
    }
  };
  if (el.shadowRoot) walk(el.shadowRoot);
  return found;
}

const describeEl = (e: Element) => `${e.localName}${e.getAttribute('part') ? `[part=${e.getAttribute('part')}]` : ''}${e.className ? `.${e.className}` : ''}`;

const LAYOUTS = [
  { name: '320 px', style: 'width: 320px' },
  // A 640 px window at 200 %: 320 CSS px, every one drawn twice as large.
  { name: '640 px at 200 % zoom', style: 'width: 320px; zoom: 2' }
];

for (const lang of ['en', 'de']) {
  for (const layout of LAYOUTS) {
    describe(`narrow screens: ${layout.name}, ${lang}`, () => {
      let api: ReturnType<typeof installFakeApi>;
      let box: HTMLElement;
      before(async () => {
        const probe = await fixture<SwCallStatus>(html`<sw-call-status lang=${lang}></sw-call-status>`);
        await until(() => probe.shadowRoot!.textContent!.includes(CATALOGUES[lang]!.status.idle), 'the catalogue', 5000);
        fixtureCleanup();
      });
      beforeEach(async () => {
        localStorage.clear();
        api = installFakeApi();
        box = await fixture<HTMLDivElement>(html`<div style=${layout.style}></div>`);
      });
      afterEach(async () => {
        fixtureCleanup();
        await new Promise((resolve) => setTimeout(resolve, 20));
        api.restore();
        localStorage.clear();
      });

      for (const scene of [...elementScenes, ...historyScenes(() => api), ...dialerScenes(), ...elsewhereScenes()]) {
        it(`${scene.name}: no overflow, nothing clipped, 44 px targets`, async () => {
          const el = await scene.mount(box, lang, CATALOGUES[lang]!);
          await settle(el);
          const column = box.getBoundingClientRect();
          // How many reported pixels one CSS px of the box is: 2 at 200 % where rectangles report zoomed figures
          // (Chromium, Firefox), 1 where they report CSS px (WebKit's zoom). A 100 px probe says which.
          const probe = box.appendChild(document.createElement('div'));
          probe.style.width = '100px';
          const zoom = probe.getBoundingClientRect().width / 100;
          probe.remove();
          const overflowing: string[] = [];
          const outside: string[] = [];
          const small: string[] = [];
          for (const e of [el as HTMLElement, ...seen(el)]) {
            if (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) overflowing.push(`${describeEl(e)} ${e.scrollWidth} > ${e.clientWidth}`);
            const r = e.getBoundingClientRect();
            if (r.width > 0 && (r.right > column.right + 1 || r.left < column.left - 1)) outside.push(`${describeEl(e)} ${r.left}..${r.right}`);
            if (e.localName === 'button' && r.width > 0) {
              // Measured in CSS px (see `zoom` above).
              if (r.height / zoom < 44 - 0.5 || r.width / zoom < 44 - 0.5) small.push(`${describeEl(e)} ${r.width / zoom}×${r.height / zoom}`);
            }
          }
          expect(overflowing, 'wider than their box').to.deep.equal([]);
          expect(outside, `outside the ${column.width} px column`).to.deep.equal([]);
          expect(small, 'buttons under 44 px').to.deep.equal([]);
        });
      }
    });
  }
}
