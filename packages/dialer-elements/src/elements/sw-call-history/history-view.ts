// The history list's code: what it fetches and what it renders. Loaded with import() when a
// <sw-call-history> first connects, so a page that only calls never downloads it (docs/adr/0106).
// It imports nothing the initial bundle has (lit, the catalogue helpers, the phone loader): those come in
// `kit` from the element, since a module shared with the entry would become one more chunk of the
// initial load.
import type { HistoryItem, HistoryQueryInput } from '@sw-dialer/shared-types';
import type { html as litHtml } from 'lit';
import type { reasonText, phoneText } from '../../controller/reason-text.js';
import type { Messages } from '../../i18n/en.js';
import type { dateTime } from '../../i18n/format.js';
import type { loadPhone } from '../../phone/load-phone.js';
import type { formatDuration } from '../sw-call-timer/sw-call-timer.js';
import type { SwCallHistory } from './sw-call-history.js';
import enHistory from '../../i18n/en-history.js';
import { createApiClient, dispositionsOf } from './history-data.js';

/** What the element hands over from the initial bundle. */
export interface HistoryKit {
  html: typeof litHtml;
  reasonText: typeof reasonText;
  phoneText: typeof phoneText;
  dateTime: typeof dateTime;
  formatDuration: typeof formatDuration;
  loadPhone: typeof loadPhone;
}

type Phone = Awaited<ReturnType<typeof loadPhone>>;

/** Loads the element's current page with its current filters. */
export async function loadPage(el: SwCallHistory, kit: HistoryKit): Promise<void> {
  el._request?.abort();
  const request = new AbortController();
  el._request = request;
  el._loading = true;
  el._problem = '';
  try {
    const phone: Phone = (el._phone ??= await kit.loadPhone());
    const settings = el._settings();
    const api = createApiClient({ apiBase: settings.apiBase, getAuthHeaders: settings.getAuthHeaders });
    const query: HistoryQueryInput = { limit: String(el.pageSize), offset: String(el._offset) };
    const { from, to, status, who, disposition } = el._filters;
    if (from) query.from = new Date(`${from}T00:00:00`).toISOString();
    if (to) query.to = new Date(`${to}T23:59:59.999`).toISOString();
    if (status) query.status = status as HistoryQueryInput['status'];
    if (disposition) query.disposition = disposition;
    if (el.contactId) query.contactId = el.contactId;
    if (who) {
      // What the dialer's field takes: a national number with its default country.
      const country = el._dialer()?.defaultCountry || undefined;
      await phone.preparePhone(who, country);
      const parsed = phone.parsePhone(who, country as Parameters<Phone['parsePhone']>[1]);
      if (!parsed.ok) {
        el._problem = parsed;
        el._loading = false;
        return;
      }
      query.number = parsed.e164;
    }
    const page = await api.history(query, request.signal);
    // Rows show numbers formatted for people, which needs their countries' metadata.
    await phone.preparePhones(page.items.map((call) => call.number));
    if (request.signal.aborted) return;
    el._items = page.items;
    el._total = page.total ?? null;
    el._hasMore = page.total !== undefined ? el._offset + page.items.length < page.total : page.items.length === el.pageSize;
  } catch {
    if (request.signal.aborted) return;
    el._problem = 'failed';
    el._items = [];
  }
  el._loading = false;
}

function row(el: SwCallHistory, kit: HistoryKit, m: Messages, call: HistoryItem) {
  const number = el._phone ? el._phone.formatPhone(call.number) : call.number;
  // The row names the end reason; only a network failure's code makes its words more exact.
  const reason = call.endReason ? kit.reasonText(m, call.endReason, call.errorCode ? { code: call.errorCode, message: '' } : null) : '';
  const duration = call.durationMs ? kit.formatDuration(call.durationMs) : '';
  const contact = call.contact;
  // An inbound call says so where an outbound one says its status: "Incoming · Missed call".
  const word = call.direction === 'inbound' ? m.incoming : (m.historyStatus[call.status] ?? call.status);
  return kit.html`<li part="row" data-call-id=${call.id}>
    <span class="who">
      <span
        >${contact ? contact.displayName : number}
        ${call.disposition ? kit.html`<span part="disposition" class="tag">${call.disposition}</span>` : ''}
        ${call.hasNotes ? kit.html`<span part="notes-marker" class="tag">${m.notesMarker}</span>` : ''}</span
      >
      <span class="meta ${call.status === 'failed' || call.endReason === 'missed' ? 'failed' : ''}">
        ${contact ? `${contact.company ? `${contact.company} · ` : ''}${number} · ` : ''}${word}${reason ? ` · ${reason}` : ''}${duration ? ` · ${duration}` : ''} · <time datetime=${call.startedAt}
          >${kit.dateTime(el.locale, call.startedAt)}</time
        >
      </span>
    </span>
    <button part="redial" type="button" aria-label=${m.callNumber(number)} @click=${() => el._redial(call.number)}>${m.call}</button>
  </li>`;
}

/** The filters, the list (or why there is none) and the pager. */
export function renderHistory(el: SwCallHistory, kit: HistoryKit, words: Messages) {
  const { html } = kit;
  // English leaves the list's words to this chunk (en-history.ts); another language and a host's
  // overrides have theirs in `words`, which win.
  const m: Messages = { ...enHistory, ...words, historyStatus: { ...enHistory.historyStatus, ...words.historyStatus } };
  const page = Math.floor(el._offset / el.pageSize) + 1;
  const pages = el._total !== null ? Math.max(1, Math.ceil(el._total / el.pageSize)) : null;
  const f = el._filters;
  const problem = el._problem;
  return html`
    <form part="filters" novalidate @submit=${el._onFilter} aria-label=${m.filterCalls}>
      <label>${m.from} <input name="from" type="date" .value=${f.from} /></label>
      <label>${m.to} <input name="to" type="date" .value=${f.to} /></label>
      <label
        >${m.statusFilter}
        <select name="status" .value=${f.status}>
          <option value="">${m.anyStatus}</option>
          <option value="ended">${m.historyStatus.ended}</option>
          <option value="failed">${m.historyStatus.failed}</option>
          <option value="connected">${m.historyStatus.connected}</option>
        </select>
      </label>
      <label
        >${m.dispositionFilter}
        <select name="disposition" .value=${f.disposition}>
          <option value="">${m.anyStatus}</option>
          ${dispositionsOf(el._dialer(), m).map((d) => html`<option>${d}</option>`)}
        </select>
      </label>
      <label>${m.contactNumber} <input name="who" type="tel" .value=${f.who} autocomplete="off" /></label>
      <button type="submit">${m.apply}</button>
    </form>
    <div aria-live="polite" aria-busy=${el._loading ? 'true' : 'false'}>
      ${
        problem
          ? html`<p class="problem" role="alert">${problem === 'failed' ? m.historyFailed : `${m.contactNumber}: ${kit.phoneText(m, problem)}`}</p>`
          : el._items.length === 0 && !el._loading
            ? html`<p class="empty">${m.noCalls}</p>`
            : html`<ol part="list" aria-label=${m.recentCalls}>${el._items.map((call) => row(el, kit, m, call))}</ol>`
      }
    </div>
    <nav part="pager" aria-label=${m.historyPages}>
      <button type="button" ?disabled=${el._offset === 0 || el._loading} @click=${() => el._page(-1)}>${m.previous}</button>
      <span>${m.page(page, pages)}${el._total !== null ? ` · ${m.callCount(el._total)}` : ''}</span>
      <button type="button" ?disabled=${!el._hasMore || el._loading} @click=${() => el._page(1)}>${m.next}</button>
    </nav>
  `;
}
