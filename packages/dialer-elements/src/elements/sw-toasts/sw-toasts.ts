// The built-in toasts (`<sw-dialer toasts>`): one stack per page, at the end of <body>, so a toast is seen
// while the dialer itself is not (a collapsed dock, scrolled away). Loaded with import() the first time
// a dialer asks for toasts (docs/adr/0107); plain DOM, no Lit, so its chunk shares nothing with the
// initial bundle.

const STYLES = `
:host {
  position: fixed;
  inset-block-end: var(--sw-toast-offset, 16px);
  inset-inline-end: var(--sw-toast-offset, 16px);
  z-index: var(--sw-toast-z-index, 2147483000);
  display: grid;
  gap: 8px;
  max-inline-size: min(360px, calc(100vw - 2 * var(--sw-toast-offset, 16px)));
  font-family: var(--sw-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  font-size: var(--sw-font-size, 15px);
}
.live { display: contents; }
[part~='toast'] {
  display: flex;
  align-items: flex-start;
  gap: 8px;
  padding: 10px 12px;
  border-radius: var(--sw-toast-radius, var(--sw-radius, 8px));
  background: var(--sw-toast-background, #1b1f24);
  color: var(--sw-toast-color, #ffffff);
  box-shadow: 0 4px 16px rgb(0 0 0 / 25%);
  overflow-wrap: anywhere;
}
[part~='alert'] { background: var(--sw-toast-alert-background, var(--sw-color-danger, #b42318)); color: var(--sw-toast-alert-color, #ffffff); }
[part~='text'] { flex: 1; }
[part~='dismiss'] {
  min-inline-size: 44px;
  min-block-size: 44px;
  margin: -10px -8px -10px 0;
  border: 0;
  background: transparent;
  color: inherit;
  font: inherit;
  font-size: 1.25em;
  cursor: pointer;
}
[part~='dismiss']:focus-visible { outline: 3px solid currentColor; outline-offset: -6px; }
`;

/** How long a toast stays: an alert longer, since it needs the agent to act. */
const STAY_MS = { status: 6_000, alert: 12_000 };

/**
 * The stack of toasts. Two live regions exist from the start (a toast inserted into a live region is
 * announced; a live region inserted with its text often is not): `role=status` for call events,
 * `role=alert` for errors.
 *
 * @tag sw-toasts
 * @summary The page's toasts for `<sw-dialer toasts>`: call events and errors while the dialer is not on screen.
 *
 * @csspart toast - Each toast.
 * @csspart alert - An error's toast (with `toast`).
 * @csspart text - A toast's words.
 * @csspart dismiss - Its close button.
 *
 * @cssprop --sw-toast-background - Background of a call event's toast.
 * @cssprop --sw-toast-color - Its text colour.
 * @cssprop --sw-toast-alert-background - Background of an error's toast (default: --sw-color-danger).
 * @cssprop --sw-toast-alert-color - Its text colour.
 * @cssprop --sw-toast-radius - Corner radius.
 * @cssprop --sw-toast-offset - Distance from the viewport's bottom and end edges.
 * @cssprop --sw-toast-z-index - Stacking order.
 */
export class SwToasts extends HTMLElement {
  readonly #status: HTMLElement;
  readonly #alert: HTMLElement;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLES;
    this.#status = this.#region('status');
    this.#alert = this.#region('alert');
    root.append(style, this.#status, this.#alert);
  }

  #region(role: 'status' | 'alert'): HTMLElement {
    const region = document.createElement('div');
    region.className = 'live';
    region.setAttribute('role', role);
    return region;
  }

  /** Shows `text` (in `lang`) for a while; `dismiss` names the close button. Returns the toast. */
  show({ text, alert, lang, dismiss }: { text: string; alert: boolean; lang: string; dismiss: string }): HTMLElement {
    const toast = document.createElement('div');
    toast.setAttribute('part', alert ? 'toast alert' : 'toast');
    toast.lang = lang;
    const words = document.createElement('span');
    words.setAttribute('part', 'text');
    words.textContent = text;
    const close = document.createElement('button');
    close.type = 'button';
    close.setAttribute('part', 'dismiss');
    close.setAttribute('aria-label', dismiss);
    close.textContent = '×';
    const remove = () => toast.remove();
    close.addEventListener('click', remove);
    toast.append(words, close);
    (alert ? this.#alert : this.#status).append(toast);
    setTimeout(remove, alert ? STAY_MS.alert : STAY_MS.status);
    return toast;
  }
}
