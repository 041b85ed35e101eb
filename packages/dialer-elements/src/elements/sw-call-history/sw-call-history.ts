import { html, nothing, type PropertyValues } from 'lit';
import type { HistoryItem } from '@sw-dialer/shared-types';
import type { AuthHeaders } from '../../api/api-client.js';
import { phoneText, reasonText } from '../../controller/reason-text.js';
import { dateTime } from '../../i18n/format.js';
import { LocalizedElement } from '../../i18n/localized-element.js';
import { loadPhone } from '../../phone/load-phone.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { formatDuration } from '../sw-call-timer/sw-call-timer.js';
import { upgradeProperties } from '../upgrade-properties.js';
import { callHistoryStyles } from './sw-call-history.styles.js';
import type { HistoryKit } from './history-view.js';

/** What the history uses of its `<sw-dialer>` (not imported: the two are usable apart). */
type DialerLike = HTMLElement & {
  apiBase?: string;
  authToken?: string;
  getAuthHeaders?: AuthHeaders;
  defaultCountry?: string;
  dispositions?: string[] | string;
  dial?(number: string): Promise<boolean>;
  afterCallSetUp?(work: () => void): void;
};

const only = (found: NodeListOf<Element>) => (found.length === 1 ? (found[0] as DialerLike) : null);

// What the lazily loaded list code uses of the initial bundle (see history-view.ts).
const kit: HistoryKit = { html, reasonText, phoneText, dateTime, formatDuration, loadPhone };

/**
 * Recent calls, newest first: paged, filtered by date range, status, disposition and number, a Call button
 * on each row to redial. A row names the contact (and company) when the call had one, else the number, with
 * the wrap-up's disposition and a mark when it has notes. Reloads when a call's log write has gone through (`sw-call-logged`).
 * It belongs to a `<sw-dialer>`: the one whose id `dialer` names, else the one it is inside
 * (`slot="history"`), else the page's only one. That dialer places its redials, and its `api-base` and
 * auth are used where the history has none of its own.
 *
 * @tag sw-call-history
 * @summary Paginated call history with filters and redial.
 *
 * @fires sw-redial - `{number}` when a row's Call button is pressed, before its dialer dials it; cancelable: `preventDefault()` to dial yourself.
 *
 * @csspart filters - The filter form.
 * @csspart list - The list of calls.
 * @csspart row - One call.
 * @csspart redial - A row's Call button.
 * @csspart disposition - A row's disposition.
 * @csspart notes-marker - A row's mark that its wrap-up has notes.
 * @csspart pager - Previous / next page controls.
 *
 * @cssprop --sw-color-danger - Failed calls.
 * @cssprop --sw-color-text-muted - Secondary text.
 */
export class SwCallHistory extends LocalizedElement {
  static override styles = [themeStyles, callHistoryStyles];
  static override properties = {
    apiBase: { type: String, attribute: 'api-base' },
    pageSize: { type: Number, attribute: 'page-size' },
    contactId: { type: String, attribute: 'contact-id' },
    dialer: { type: String },
    _items: { state: true },
    _total: { state: true },
    _offset: { state: true },
    _loading: { state: true },
    _problem: { state: true },
    _filters: { state: true }
  };

  declare apiBase: string;
  declare pageSize: number;
  /** Shows only this contact's calls (a CRM contact page). */
  declare contactId: string;
  /** The id of the `<sw-dialer>` this history belongs to (needed only when it is not inside it and the page has several). */
  declare dialer: string;
  declare _items: HistoryItem[];
  declare _total: number | null;
  declare _offset: number;
  declare _loading: boolean;
  /** What went wrong loading: `failed`, or the phone parser's refusal of the number filter. */
  declare _problem: '' | 'failed' | { code: string; message: string };
  declare _filters: { from: string; to: string; status: string; who: string; disposition: string };

  // The list's code (history-view.ts) and what it keeps: loaded when the list first connects, not with the
  // widget, since a call never needs it (docs/adr/0106).
  /** @internal */ _view: typeof import('./history-view.js') | undefined;
  /** @internal */ _phone: Awaited<ReturnType<typeof loadPhone>> | undefined;
  /** @internal */ _request: AbortController | undefined;
  /** @internal */ _hasMore = false;
  #authToken: string | undefined;
  #getAuthHeaders: AuthHeaders | undefined;

  constructor() {
    super();
    this.apiBase = '';
    this.pageSize = 10;
    this.contactId = '';
    this._items = [];
    this._total = null;
    this._offset = 0;
    this._loading = false;
    this._problem = '';
    this._filters = { from: '', to: '', status: '', who: '', disposition: '' };
    this.dialer = '';
    upgradeProperties(this, ['authToken', 'getAuthHeaders']);
  }

  /** Bearer token of the host's session (else the dialer's); setting it reloads the list. */
  get authToken(): string | undefined {
    return this.#authToken;
  }
  set authToken(value: string | undefined) {
    this.#authToken = value;
    this.#authChanged();
  }

  /** Headers for the host's session, asked before each request (wins over `authToken`); setting it reloads the list. */
  get getAuthHeaders(): AuthHeaders | undefined {
    return this.#getAuthHeaders;
  }
  set getAuthHeaders(value: AuthHeaders | undefined) {
    this.#getAuthHeaders = value;
    this.#authChanged();
  }

  /** A page that signs in after the list first loaded (and was refused) gets its calls now. */
  #authChanged() {
    if (this.hasUpdated && this.isConnected) void this.refresh();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('sw-call-logged', this.#onLogged);
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('sw-call-logged', this.#onLogged);
    this._request?.abort();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('contactId') && changed.get('contactId') !== undefined) || (changed.has('pageSize') && changed.get('pageSize') !== undefined)) {
      this._offset = 0;
      void this.refresh();
    }
  }

  #onLogged = () => {
    this._offset = 0;
    // The next call is often dialled the moment the last one was logged: its set-up goes first (docs/adr/0142).
    const dialer = this._dialer();
    if (dialer?.afterCallSetUp) dialer.afterCallSetUp(() => void this.refresh());
    else void this.refresh();
  };

  /** The `<sw-dialer>` this history belongs to: the one `dialer` names, else the enclosing one, else the page's only one. */
  /** @internal */
  _dialer(): DialerLike | null {
    const root = this.getRootNode() as Document | ShadowRoot;
    if (!this.dialer) return this.closest('sw-dialer') ?? only(root.querySelectorAll('sw-dialer')) ?? only(document.querySelectorAll('sw-dialer'));
    return (root.getElementById?.(this.dialer) ?? document.getElementById(this.dialer)) as DialerLike | null;
  }

  /** @internal Settings come from the history's `<sw-dialer>` unless set here. */
  _settings() {
    const dialer = this._dialer();
    const apiBase = this.apiBase || dialer?.apiBase || '';
    // The history's own auth when it has some, else all of the dialer's.
    const auth = this.getAuthHeaders || this.authToken ? this : dialer;
    const getAuthHeaders = auth?.getAuthHeaders;
    const token = auth?.authToken;
    return {
      apiBase,
      getAuthHeaders: async (): Promise<Record<string, string>> => {
        if (getAuthHeaders) return getAuthHeaders();
        return token ? { authorization: `Bearer ${token}` } : {};
      }
    };
  }

  /** Loads the current page with the current filters. */
  async refresh(): Promise<void> {
    try {
      this._view ??= await import('./history-view.js');
    } catch {
      // The list's code could not be fetched: said like a page that could not be loaded.
      this._problem = 'failed';
      return;
    }
    return this._view.loadPage(this, kit);
  }

  /** @internal */
  _onFilter = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '';
    this._filters = { from: field('from'), to: field('to'), status: field('status'), who: field('who').trim(), disposition: field('disposition') };
    this._offset = 0;
    void this.refresh();
  };

  /** @internal */
  _page(delta: number) {
    this._offset = Math.max(0, this._offset + delta * this.pageSize);
    void this.refresh();
  }

  /** @internal */
  _redial(number: string) {
    if (this.dispatchEvent(new CustomEvent('sw-redial', { detail: { number }, bubbles: true, composed: true, cancelable: true }))) {
      void this._dialer()?.dial?.(number);
    }
  }

  override render() {
    return this._view ? this._view.renderHistory(this, kit, this.m) : nothing;
  }
}
