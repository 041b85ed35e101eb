import { LitElement, type PropertyValues } from 'lit';
import { upgradeProperties } from '../elements/upgrade-properties.js';
import en, { type Messages } from './en.js';

/**
 * What a host may override: any message, maps merged key by key (`{status: {idle: 'Waiting'}}` keeps the
 * other states' words). Typed by the English catalogue, so a misspelt key is a type error.
 */
export type MessageOverrides = { [K in keyof Messages]?: Messages[K] extends string | ((...args: never[]) => string) ? Messages[K] : Partial<Messages[K]> };

// Languages other than English, each its own chunk, fetched the first time an element needs it.
const loaders: Record<string, () => Promise<{ default: Messages }>> = {
  es: () => import('./es.js'),
  de: () => import('./de.js')
};
const catalogues: Record<string, Messages | Promise<unknown>> = { en };
const live = new Set<LitElement>();
let watching = false;

/** Every connected element renders again: a catalogue arrived, a `lang` or the overrides changed. */
const refresh = () => live.forEach((element) => element.requestUpdate());

type Localizable = Element & { messages?: MessageOverrides };

/**
 * The language and overrides that apply to an element: its own `lang` and `messages`, else those of the
 * nearest element above it that has them, looking through shadow roots (the parts of `<sw-dialer>` follow
 * the dialer's), else the document's `lang`, else English.
 */
function settingsOf(element: Element): { lang: string; overrides: MessageOverrides[] } {
  let lang = '';
  const overrides: MessageOverrides[] = [];
  for (let node: Node | null = element; node; node = node.parentNode ?? (node as ShadowRoot).host ?? null) {
    if (!(node instanceof Element)) continue;
    lang ||= node.getAttribute('lang') ?? '';
    const own = (node as Localizable).messages;
    if (own) overrides.unshift(own);
  }
  return { lang: lang || 'en', overrides };
}

function catalogueFor(lang: string): Messages {
  const base = lang.split('-')[0]!.toLowerCase();
  const known = catalogues[base];
  if (known && !(known instanceof Promise)) return known;
  const load = loaders[base];
  if (load && !known) {
    catalogues[base] = load().then(
      (module) => {
        catalogues[base] = module.default;
        refresh();
      },
      // A chunk that could not be fetched: English stays, and the next render asks again.
      () => delete catalogues[base]
    );
  }
  return en;
}

/**
 * The base of every element with words: `this.m` is the catalogue of the element's language with the
 * host's overrides applied, and `this.lang` the language Intl formats for (docs/adr/0105).
 */
export class LocalizedElement extends LitElement {
  #messages: MessageOverrides | undefined;
  /** The words the element renders with: its language's catalogue and the overrides (read-only). */
  m: Messages = en;
  /** The language the element renders in (its `lang`, else the nearest above it, else `en`); read-only. */
  locale = 'en';

  constructor() {
    super();
    upgradeProperties(this, ['messages']);
  }

  /** Overrides of any message, for this element and the elements inside it (typed by the English keys). */
  get messages(): MessageOverrides | undefined {
    return this.#messages;
  }
  set messages(value: MessageOverrides | undefined) {
    this.#messages = value;
    refresh();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    live.add(this);
    if (!watching) {
      watching = true;
      // A `lang` changed anywhere in the page (the document's, the dialer's): every element re-reads it.
      new MutationObserver(refresh).observe(document.documentElement, { attributes: true, subtree: true, attributeFilter: ['lang'] });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    live.delete(this);
  }

  protected override update(changed: PropertyValues): void {
    const { lang, overrides } = settingsOf(this);
    this.locale = lang;
    let m = catalogueFor(lang);
    for (const layer of overrides) {
      m = { ...m };
      for (const [key, value] of Object.entries(layer)) {
        const base = (m as Record<string, unknown>)[key];
        (m as Record<string, unknown>)[key] = value && typeof value === 'object' && typeof base === 'object' ? { ...base, ...value } : value;
      }
    }
    this.m = m;
    super.update(changed);
  }
}
