// What `<sw-dialer toasts>` toasts, and when: loaded with the toasts (docs/adr/0107). The dialer's events
// stay the host's way to do its own; these toasts only repeat what the dialer shows, and only while the
// dialer is not on screen (a collapsed dock, another part of a long page, a hidden panel).
import { SwToasts } from './sw-toasts.js';

/** What the toasts use of the dialer (not imported: this chunk must share nothing with the initial bundle). */
interface DialerLike extends HTMLElement {
  toasts: boolean;
  state: string;
  locale: string;
  m: { dismiss: string; notifications: string };
  updateComplete: Promise<unknown>;
}

const watched = new WeakSet<HTMLElement>();

/** The page's one stack, made on first use (the tag kept as any other copy of this library defined it). */
function stack(label: string): SwToasts {
  if (!customElements.get('sw-toasts')) customElements.define('sw-toasts', SwToasts);
  let found = document.querySelector<SwToasts>('body > sw-toasts');
  if (!found) {
    found = document.createElement('sw-toasts') as SwToasts;
    document.body.append(found);
  }
  found.setAttribute('role', 'region');
  found.setAttribute('aria-label', label);
  return found;
}

/** True when a person cannot see the dialer now: hidden, zero-sized, or outside the viewport. */
export function offScreen(el: HTMLElement): boolean {
  const box = el.getBoundingClientRect();
  return (
    el.checkVisibility?.({ visibilityProperty: true } as CheckVisibilityOptions) === false ||
    box.width * box.height === 0 ||
    box.bottom <= 0 ||
    box.right <= 0 ||
    box.top >= innerHeight ||
    box.left >= innerWidth
  );
}

/** The words the dialer shows for this moment, read from its rendered parts once they have updated. */
async function shown(dialer: DialerLike, selector: string, part: string): Promise<string> {
  // A refused dial renders its words once dial() has let go (after the event): a task later.
  await new Promise((resolve) => setTimeout(resolve, 0));
  await dialer.updateComplete;
  const inner = dialer.shadowRoot?.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>(selector);
  await inner?.updateComplete;
  return (inner?.shadowRoot?.querySelector(part)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

async function toast(dialer: DialerLike, text: Promise<string>, alert: boolean): Promise<void> {
  const words = await text;
  // A dialer taken out of the page is not "off screen": it has nothing more to say.
  if (!words || !dialer.toasts || !dialer.isConnected || !offScreen(dialer)) return;
  stack(dialer.m.notifications).show({ text: words, alert, lang: dialer.locale, dismiss: dialer.m.dismiss });
}

/** Starts toasting the dialer's call events and errors (once per dialer; `toasts` is read at each event). */
export function watch(dialer: DialerLike): void {
  if (watched.has(dialer)) return;
  watched.add(dialer);
  dialer.addEventListener('sw-call-state-change', (event) => {
    const { state } = (event as CustomEvent<{ state: string }>).detail;
    // The status line says it all: the state, the number and, once over, why.
    if (state !== 'dialing' && state !== 'idle') void toast(dialer, shown(dialer, 'sw-call-status', '[part="status"]'), state === 'failed');
  });
  dialer.addEventListener('sw-call-error', () => {
    // An error that fails a call is in the failed call's toast; one that stops a dial first (a bad
    // number, a call already up) is said under the number field.
    if (dialer.state !== 'failed') void toast(dialer, shown(dialer, 'sw-number-input', '[part="error"]'), true);
  });
}
