import { html, LitElement, type PropertyValues } from 'lit';
import type { HistoryItem, HistoryQueryInput } from '@sw-dialer/shared-types';
import type { AuthHeaders } from '../../api/api-client.js';
import { loadPhone } from '../../phone/load-phone.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { formatDuration } from '../sw-call-timer/sw-call-timer.js';
import { upgradeProperties } from '../upgrade-properties.js';
import { callHistoryStyles } from './sw-call-history.styles.js';

type HistoryData = typeof import('./history-data.js') & typeof import('../../phone/phone.js');
/** What the history uses of its `<sw-dialer>` (not imported: the two are usable apart). */
type DialerLike = HTMLElement & {
  apiBase?: string;
  authToken?: string;
  getAuthHeaders?: AuthHeaders;
  defaultCountry?: string;
  dispositions?: string[] | string;
  dial?(number: string): Promise<boolean>;
};

const only = (found: NodeListOf<Element>) => (found.length === 1 ? (found[0] as DialerLike) : null);

const STATUS_WORDS: Record<string, string> = {
  dialing: 'Calling',
  ringing: 'Ringing',
  connected: 'In progress',
  ended: 'Ended',
  failed: 'Failed'
};

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
export class SwCallHistory extends LitElement {
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
  declare _problem: string;
  declare _filters: { from: string; to: string; status: string; who: string; disposition: string };

  #data: HistoryData | undefined;
  #authToken: string | undefined;
  #getAuthHeaders: AuthHeaders | undefined;
  #request: AbortController | undefined;
  #hasMore = false;

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
    this.#request?.abort();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('contactId') && changed.get('contactId') !== undefined) || (changed.has('pageSize') && changed.get('pageSize') !== undefined)) {
      this._offset = 0;
      void this.refresh();
    }
  }

  #onLogged = () => {
    this._offset = 0;
    void this.refresh();
  };

  /** The `<sw-dialer>` this history belongs to: the one `dialer` names, else the enclosing one, else the page's only one. */
  #dialer(): DialerLike | null {
    const root = this.getRootNode() as Document | ShadowRoot;
    if (!this.dialer) return this.closest('sw-dialer') ?? only(root.querySelectorAll('sw-dialer')) ?? only(document.querySelectorAll('sw-dialer'));
    return (root.getElementById?.(this.dialer) ?? document.getElementById(this.dialer)) as DialerLike | null;
  }

  /** Settings come from the history's `<sw-dialer>` unless set here. */
  #settings() {
    const dialer = this.#dialer();
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
    this.#request?.abort();
    const request = new AbortController();
    this.#request = request;
    this._loading = true;
    this._problem = '';
    try {
      // The phone module through loadPhone(), as everywhere: one chunk for it, never a second copy's worth.
      const loaded: HistoryData = this.#data ?? Object.assign({}, ...(await Promise.all([import('./history-data.js'), loadPhone()])));
      const data = (this.#data = loaded);
      const settings = this.#settings();
      const api = data.createApiClient({ apiBase: settings.apiBase, getAuthHeaders: settings.getAuthHeaders });
      const query: HistoryQueryInput = { limit: String(this.pageSize), offset: String(this._offset) };
      const { from, to, status, who, disposition } = this._filters;
      if (from) query.from = new Date(`${from}T00:00:00`).toISOString();
      if (to) query.to = new Date(`${to}T23:59:59.999`).toISOString();
      if (status) query.status = status as HistoryQueryInput['status'];
      if (disposition) query.disposition = disposition;
      if (this.contactId) query.contactId = this.contactId;
      if (who) {
        // What the dialer's field takes: a national number with its default country.
        const country = this.#dialer()?.defaultCountry || undefined;
        await data.preparePhone(who, country);
        const parsed = data.parsePhone(who, country as Parameters<HistoryData['parsePhone']>[1]);
        if (!parsed.ok) {
          this._problem = `Contact number: ${parsed.message}`;
          this._loading = false;
          return;
        }
        query.number = parsed.e164;
      }
      const page = await api.history(query, request.signal);
      // Rows show numbers formatted for people, which needs their countries' metadata.
      await data.preparePhones(page.items.map((call) => call.number));
      if (request.signal.aborted) return;
      this._items = page.items;
      this._total = page.total ?? null;
      this.#hasMore = page.total !== undefined ? this._offset + page.items.length < page.total : page.items.length === this.pageSize;
    } catch (error) {
      if (request.signal.aborted) return;
      this._problem = 'The call history could not be loaded.';
      this._items = [];
      void error;
    }
    this._loading = false;
  }

  #onFilter = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '';
    this._filters = { from: field('from'), to: field('to'), status: field('status'), who: field('who').trim(), disposition: field('disposition') };
    this._offset = 0;
    void this.refresh();
  };

  #page(delta: number) {
    this._offset = Math.max(0, this._offset + delta * this.pageSize);
    void this.refresh();
  }

  #redial(number: string) {
    if (this.dispatchEvent(new CustomEvent('sw-redial', { detail: { number }, bubbles: true, composed: true, cancelable: true }))) {
      void this.#dialer()?.dial?.(number);
    }
  }

  #row(call: HistoryItem) {
    const data = this.#data;
    const number = data ? data.formatPhone(call.number) : call.number;
    const contact = call.contact;
    const when = new Date(call.startedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    const reason = call.endReason && data ? data.endReasonText(call.endReason, call.errorCode) : '';
    const duration = call.durationMs ? formatDuration(call.durationMs) : '';
    // An inbound call says so where an outbound one says its status: "Incoming · Missed call".
    const word = call.direction === 'inbound' ? 'Incoming' : (STATUS_WORDS[call.status] ?? call.status);
    return html`<li part="row" data-call-id=${call.id}>
      <span class="who">
        <span
          >${contact ? contact.displayName : number}
          ${call.disposition ? html`<span part="disposition" class="tag">${call.disposition}</span>` : ''}
          ${call.hasNotes ? html`<span part="notes-marker" class="tag">Notes</span>` : ''}</span
        >
        <span class="meta ${call.status === 'failed' || call.endReason === 'missed' ? 'failed' : ''}">
          ${contact ? `${contact.company ? `${contact.company} · ` : ''}${number} · ` : ''}${word}${reason ? ` · ${reason}` : ''}${duration ? ` · ${duration}` : ''} · <time datetime=${call.startedAt}>${when}</time>
        </span>
      </span>
      <button part="redial" type="button" aria-label=${`Call ${number}`} @click=${() => this.#redial(call.number)}>Call</button>
    </li>`;
  }

  override render() {
    const page = Math.floor(this._offset / this.pageSize) + 1;
    const pages = this._total !== null ? Math.max(1, Math.ceil(this._total / this.pageSize)) : null;
    const f = this._filters;
    return html`
      <form part="filters" novalidate @submit=${this.#onFilter} aria-label="Filter calls">
        <label>From <input name="from" type="date" .value=${f.from} /></label>
        <label>To <input name="to" type="date" .value=${f.to} /></label>
        <label
          >Status
          <select name="status" .value=${f.status}>
            <option value="">Any</option>
            <option value="ended">Ended</option>
            <option value="failed">Failed</option>
            <option value="connected">In progress</option>
          </select>
        </label>
        <label
          >Disposition
          <select name="disposition" .value=${f.disposition}>
            <option value="">Any</option>
            ${(this.#data?.dispositionsOf(this.#dialer()) ?? []).map((d) => html`<option>${d}</option>`)}
          </select>
        </label>
        <label>Contact number <input name="who" type="tel" .value=${f.who} autocomplete="off" /></label>
        <button type="submit">Apply</button>
      </form>
      <div aria-live="polite" aria-busy=${this._loading ? 'true' : 'false'}>
        ${
          this._problem
            ? html`<p class="problem" role="alert">${this._problem}</p>`
            : this._items.length === 0 && !this._loading
              ? html`<p class="empty">No calls yet.</p>`
              : html`<ol part="list" aria-label="Recent calls">${this._items.map((call) => this.#row(call))}</ol>`
        }
      </div>
      <nav part="pager" aria-label="History pages">
        <button type="button" ?disabled=${this._offset === 0 || this._loading} @click=${() => this.#page(-1)}>Previous</button>
        <span>${pages ? `Page ${page} of ${pages}` : `Page ${page}`}</span>
        <button type="button" ?disabled=${!this.#hasMore || this._loading} @click=${() => this.#page(1)}>Next</button>
      </nav>
    `;
  }
}
