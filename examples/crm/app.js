// Acme Realty CRM: a small single-page app with client-side routing (History API), a login, and one
// <sw-dialer> for the whole signed-in session. The dialer is created once after login and only ever
// moved: into the Dialer page while that page is shown, into the dock on every other page. Moving the
// element keeps its call (docs/widget.md), so a call survives navigation, back and forward included.
// Decisions: docs/adr/0031-crm-example-routing.md.
import { API_ORIGIN } from './config.js';
import { BUYERS, LISTINGS, SELLERS, TEST_NUMBERS } from './data.js';

const BASE = new URL('./', import.meta.url).pathname; // "/crm/"
const SESSION_KEY = 'acme-crm:session';
const OPEN = new Set(['dialing', 'ringing', 'connected']);
const STATE_WORDS = { dialing: 'Calling', ringing: 'Ringing', connected: 'On a call', ended: 'Call ended', failed: 'Call failed' };

const shell = document.getElementById('shell');
const main = document.getElementById('main');
const loginScreen = document.getElementById('login');
const nav = document.getElementById('nav');
const dock = document.getElementById('dock');
const dockBody = document.getElementById('dock-body');
const dockToggle = document.getElementById('dock-toggle');
const dockSummary = document.getElementById('dock-summary');
const callIndicator = document.getElementById('call-indicator');
const userName = document.getElementById('user-name');
const confirmDial = document.getElementById('confirm-dial');
const confirmSignOut = document.getElementById('confirm-sign-out');

/** The signed-in session's one dialer (null while signed out). */
let dialer = null;
/** The route whose page is on screen, so that a change of query alone does not rebuild the page. */
let shownRoute = null;

// ---------------------------------------------------------------------------------------------- helpers

/** `h('a', {href, class, onclick}, ...children)`: attributes as strings, `on*` as listeners, text as text. */
function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** "+12025550100" → "(202) 555-0100" for the CRM's own (US) records. */
function formatUs(e164) {
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return match ? `(${match[1]}) ${match[2]}-${match[3]}` : e164;
}

function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The query as a Map. Unlike URLSearchParams, `+` stays a plus: people write `?number=+12025550100`,
 * which URLSearchParams would read as " 12025550100".
 */
function queryParams(search) {
  const params = new Map();
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const at = part.indexOf('=');
    const key = decode(at === -1 ? part : part.slice(0, at));
    if (!params.has(key)) params.set(key, at === -1 ? '' : decode(part.slice(at + 1)));
  }
  return params;
}

/** The query string without one parameter, every other part kept exactly as written. */
function withoutParam(search, name) {
  const kept = search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part && decode(part.split('=')[0]) !== name);
  return kept.length ? `?${kept.join('&')}` : '';
}

/** Where to go after signing in: a path of this app only (never another site, never the login). */
function safeNext(next) {
  if (!next) return BASE;
  try {
    const url = new URL(next, location.origin);
    if (url.origin !== location.origin || !url.pathname.startsWith(BASE) || url.pathname.startsWith(`${BASE}login`)) return BASE;
    return url.pathname + url.search + url.hash;
  } catch {
    return BASE;
  }
}

/** Shows a modal <dialog> and resolves with the value of the button that closed it ('' for Escape). */
function ask(dialog) {
  return new Promise((resolve) => {
    dialog.returnValue = '';
    dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true });
    dialog.showModal();
  });
}

// ---------------------------------------------------------------------------------------------- session

function readSession() {
  try {
    const session = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null');
    if (session?.token && Date.parse(session.expiresAt) > Date.now() + 10_000) return session;
  } catch {
    // A damaged entry is no session.
  }
  return null;
}

/** The demo's login: the API's dev-login (AUTH_DEV_LOGIN) signs a token for any user id. */
async function signIn(userId, name) {
  const response = await fetch(`${API_ORIGIN}/api/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, ...(name ? { name } : {}) })
  });
  if (!response.ok) throw new Error(`the API answered ${response.status}`);
  const { token, expiresAt } = await response.json();
  const session = { token, expiresAt, userId, name: name || userId };
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

function signOutLocally() {
  localStorage.removeItem(SESSION_KEY);
  if (dialer) {
    dialer.remove(); // removing it for good hangs up any call and queues the closing write
    dialer = null;
  }
  shownRoute = null;
}

// ---------------------------------------------------------------------------------------------- dialer

const callIsOpen = () => OPEN.has(dialer?.state ?? 'idle');

function createDialer(session) {
  const element = document.createElement('sw-dialer');
  element.id = 'dialer';
  element.setAttribute('api-base', API_ORIGIN);
  element.setAttribute('token-endpoint', `${API_ORIGIN}/api/telephony/signalwire/token`);
  element.setAttribute('default-country', 'US');
  // Every tel: link of the CRM (the Buyers page's phone numbers) dials through this widget.
  element.setAttribute('intercept-tel-links', '');
  // This widget's token is its session's: a write still pending after sign-out never borrows the next user's.
  const { token } = session;
  element.getAuthHeaders = () => ({ authorization: `Bearer ${token}` });
  element.addEventListener('sw-call-state-change', onCallStateChange);
  element.addEventListener('sw-call-error', onCallError);
  return element;
}

function onCallStateChange(event) {
  const { state, previousState, number } = event.detail;
  document.body.dataset.call = state;
  const words = STATE_WORDS[state];
  const shown = number ? formatUs(number) : '';
  callIndicator.textContent = OPEN.has(state) ? `${words} · ${shown}` : '';
  dockSummary.textContent = words ? `${words}${shown ? ` · ${shown}` : ''}` : '';
  // A call started from another page (a tel: link): open the dock so its controls are at hand.
  if (OPEN.has(state) && !OPEN.has(previousState)) setDockOpen(true);
}

function onCallError(event) {
  // The session's token expired or was revoked: sign in again, then come back here.
  if (event.detail.code === 'UNAUTHORIZED' && !callIsOpen()) {
    signOutLocally();
    history.replaceState(null, '', `${BASE}login?next=${encodeURIComponent(location.pathname + location.search)}`);
    render({ fresh: false });
  }
}

function setDockOpen(open) {
  dockBody.hidden = !open;
  dock.toggleAttribute('data-open', open);
  dockToggle.setAttribute('aria-expanded', String(open));
  dockToggle.textContent = open ? 'Hide' : 'Show';
}

/** Puts the dialer into `container` (a move: the element, and so its call, stays the same). */
function placeDialer(container) {
  if (dialer.parentNode !== container) container.append(dialer);
}

/** Deep links: `?number=` fills the number in; `&call=1` also dials, once the user confirmed. */
async function handleDeepLink(fresh, notice) {
  const params = queryParams(location.search);
  const number = (params.get('number') ?? '').trim();
  if (params.has('call')) {
    // The request to call is consumed now: back, forward or reload to this entry never dials again.
    history.replaceState(history.state, '', location.pathname + withoutParam(location.search, 'call') + location.hash);
  }
  if (!number) return;
  if (callIsOpen()) {
    notice.textContent = `You are on a call. Finish it before calling ${number}.`;
    return;
  }
  dialer.number = number;
  if (params.get('call') !== '1' || !fresh) return;
  document.getElementById('confirm-dial-number').textContent = number;
  const answer = await ask(confirmDial);
  // Left the page while the question was open: the dialog was closed as cancelled (see render()).
  if (answer === 'call' && dialer && !callIsOpen()) await dialer.dial(number);
}

// ---------------------------------------------------------------------------------------------- pages

function pageHeader(title, intro) {
  return [h('h1', { id: 'page-title' }, title), intro ? h('p', { className: 'intro' }, intro) : null];
}

function table(caption, headings, rows) {
  return h(
    'div',
    { className: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', { className: 'visually-hidden' }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headings.map((heading) => h('th', { scope: 'col' }, heading))
        )
      ),
      h('tbody', {}, rows)
    )
  );
}

function dashboardPage(session) {
  const openBuyers = BUYERS.filter((buyer) => buyer.stage !== 'Cold').length;
  return {
    title: 'Dashboard',
    content: h(
      'section',
      {},
      ...pageHeader(`Good day, ${session.name}`),
      h(
        'div',
        { className: 'cards' },
        h('div', { className: 'card' }, h('span', { className: 'figure' }, String(LISTINGS.length)), ' listings'),
        h('div', { className: 'card' }, h('span', { className: 'figure' }, String(openBuyers)), ' active buyers'),
        h('div', { className: 'card' }, h('span', { className: 'figure' }, String(SELLERS.length)), ' sellers')
      ),
      h('h2', {}, 'Follow-ups'),
      h(
        'ul',
        { className: 'tasks' },
        BUYERS.filter((buyer) => buyer.stage === 'Follow up' || buyer.stage === 'Offer drafted').map((buyer) =>
          h(
            'li',
            {},
            `${buyer.name} (${buyer.stage.toLowerCase()}) `,
            h('a', { href: `${BASE}dialer?number=${buyer.phone}&call=1` }, `Call ${buyer.name.split(' ')[0]}`)
          )
        )
      )
    )
  };
}

function listingsPage() {
  return {
    title: 'Listings',
    content: h(
      'section',
      {},
      ...pageHeader('Listings'),
      table(
        'Listings',
        ['Address', 'Property', 'Price', 'Status'],
        LISTINGS.map((listing) =>
          h('tr', {}, h('td', {}, listing.address), h('td', {}, listing.kind), h('td', {}, money.format(listing.price)), h('td', {}, listing.status))
        )
      )
    )
  };
}

function buyersPage() {
  return {
    title: 'Buyers',
    content: h(
      'section',
      {},
      ...pageHeader('Buyers', 'Click a phone number to call through the dialer; the call follows you around the CRM.'),
      table(
        'Buyers',
        ['Name', 'Looking for', 'Stage', 'Phone'],
        BUYERS.map((buyer) =>
          h(
            'tr',
            { 'data-buyer': buyer.id },
            h('td', {}, h('strong', {}, buyer.name), h('br'), h('span', { className: 'muted' }, buyer.company)),
            h('td', {}, buyer.lookingFor, h('br'), h('span', { className: 'muted' }, `up to ${money.format(buyer.budget)}`)),
            h('td', {}, h('span', { className: 'stage' }, buyer.stage)),
            h(
              'td',
              {},
              h('a', { href: `tel:${buyer.phone}`, className: 'phone', 'aria-label': `Call ${buyer.name}, ${formatUs(buyer.phone)}` }, formatUs(buyer.phone)),
              h('br'),
              h('a', { href: `${BASE}dialer?number=${buyer.phone}`, className: 'small' }, 'Open in dialer')
            )
          )
        )
      )
    )
  };
}

function sellersPage() {
  return {
    title: 'Sellers',
    content: h(
      'section',
      {},
      ...pageHeader('Sellers'),
      table(
        'Sellers',
        ['Name', 'Property', 'Phone'],
        SELLERS.map((seller) =>
          h(
            'tr',
            {},
            h('td', {}, h('strong', {}, seller.name), h('br'), h('span', { className: 'muted' }, seller.company)),
            h('td', {}, seller.property),
            h('td', {}, h('a', { href: `tel:${seller.phone}`, className: 'phone' }, formatUs(seller.phone)))
          )
        )
      )
    )
  };
}

function dialerPage(session) {
  const slot = h('div', { className: 'dialer-slot' });
  const notice = h('p', { id: 'dialer-notice', className: 'notice', role: 'status' });
  // `dialer` ties the list to the session's <sw-dialer> (beside it, not inside it): its Call buttons dial there.
  const history = h('sw-call-history', { id: 'history', dialer: 'dialer', 'api-base': API_ORIGIN, 'page-size': '8' });
  history.getAuthHeaders = () => ({ authorization: `Bearer ${session.token}` });
  return {
    title: 'Dialer',
    dialerSlot: slot,
    notice,
    content: h(
      'section',
      { className: 'dialer-page' },
      ...pageHeader('Dialer'),
      notice,
      h(
        'div',
        { className: 'dialer-grid' },
        slot,
        h(
          'div',
          {},
          h('h2', { id: 'history-heading' }, 'Recent calls'),
          history,
          h('h2', {}, 'Test numbers'),
          h('p', { className: 'muted' }, 'The demo talks to local emulators; each of these numbers behaves one way.'),
          h(
            'ul',
            { className: 'test-numbers' },
            TEST_NUMBERS.map(([number, what]) => h('li', {}, h('a', { href: `tel:${number}` }, formatUs(number)), ` ${what}`))
          )
        )
      )
    )
  };
}

function notFoundPage() {
  return { title: 'Not found', content: h('section', {}, ...pageHeader('Page not found'), h('p', {}, h('a', { href: BASE }, 'Back to the dashboard'))) };
}

const PAGES = { '': dashboardPage, listings: listingsPage, dialer: dialerPage, buyers: buyersPage, sellers: sellersPage };

// ---------------------------------------------------------------------------------------------- login

function showLogin() {
  shell.hidden = true;
  loginScreen.hidden = false;
  document.title = 'Sign in · Acme Realty CRM';
  const error = h('p', { className: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit', className: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { className: 'login-card', 'aria-labelledby': 'login-title' },
    h('p', { className: 'brand' }, 'Acme Realty ', h('span', {}, 'CRM')),
    h('h1', { id: 'login-title' }, 'Sign in'),
    h('label', {}, 'User ID', h('input', { name: 'userId', value: 'agent-1', required: true, autocomplete: 'username', pattern: '[\\w.@\\-]{1,64}' })),
    h('label', {}, 'Your name', h('input', { name: 'name', value: 'Alex Agent', autocomplete: 'name' })),
    submit,
    error,
    h('p', { className: 'muted' }, 'Demo sign-in: the API issues a token for any user id (AUTH_DEV_LOGIN).')
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    const data = new FormData(form);
    try {
      await signIn(String(data.get('userId')).trim(), String(data.get('name') ?? '').trim());
    } catch (problem) {
      error.textContent = `Could not sign in at ${API_ORIGIN}: ${problem.message}. Is \`pnpm start\` running?`;
      submit.disabled = false;
      return;
    }
    // Back to where the visit began, query included; the login page leaves no history entry behind.
    history.replaceState(null, '', safeNext(queryParams(location.search).get('next')));
    render({ fresh: true });
  });
  loginScreen.replaceChildren(form);
  document.body.dataset.route = 'login';
}

// ---------------------------------------------------------------------------------------------- router

/** The route of a path under BASE ('' for the dashboard), or null for a path outside the app. */
function routeOf(pathname) {
  if (`${pathname}/` === BASE) return '';
  if (!pathname.startsWith(BASE)) return null;
  return pathname.slice(BASE.length).replace(/\/+$/, '');
}

function render({ fresh, focus = false }) {
  // A question asked by the page we are leaving is not answered by leaving it.
  if (confirmDial.open) confirmDial.close('cancel');
  if (`${location.pathname}/` === BASE) history.replaceState(history.state, '', BASE + location.search + location.hash);
  const route = routeOf(location.pathname) ?? '';
  const session = readSession();

  if (route === 'login') {
    if (!session) return showLogin();
    history.replaceState(null, '', safeNext(queryParams(location.search).get('next')));
    return render({ fresh });
  }
  if (!session) {
    // Protected: sign in first, then come back to this very URL.
    if (dialer) signOutLocally();
    history.replaceState(null, '', `${BASE}login?next=${encodeURIComponent(location.pathname + location.search + location.hash)}`);
    return showLogin();
  }

  loginScreen.hidden = true;
  loginScreen.replaceChildren();
  shell.hidden = false;
  userName.textContent = session.name;
  dialer ??= createDialer(session);

  let view = null;
  if (route !== shownRoute || !dialer.isConnected) {
    view = (PAGES[route] ?? notFoundPage)(session);
    // Place the dialer before the old page goes: either way it is back in the document within this task.
    placeDialer(view.dialerSlot ?? dockBody);
    main.replaceChildren(view.content);
    dock.hidden = Boolean(view.dialerSlot);
    shownRoute = route;
    document.title = `${view.title} · Acme Realty CRM`;
    for (const link of nav.querySelectorAll('a')) {
      if (link.dataset.route === route) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (focus) main.focus({ preventScroll: true });
  }
  document.body.dataset.route = route;
  if (route === 'dialer') void handleDeepLink(fresh, view?.notice ?? document.getElementById('dialer-notice'));
}

// Same-app links navigate without a page load (the dialer, and its call, stay).
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin || routeOf(url.pathname) === null) return;
  event.preventDefault();
  history.pushState(null, '', url.pathname + url.search + url.hash);
  render({ fresh: true, focus: true });
});

// Back and forward: the page changes, the call does not, and nothing is dialled again.
window.addEventListener('popstate', () => render({ fresh: false }));

// Links to other sites and reloads would end the call: the browser asks first.
window.addEventListener('beforeunload', (event) => {
  if (!callIsOpen()) return;
  event.preventDefault();
  event.returnValue = '';
});

dockToggle.addEventListener('click', () => setDockOpen(dockBody.hidden));

document.getElementById('sign-out').addEventListener('click', async () => {
  if (callIsOpen()) {
    if ((await ask(confirmSignOut)) !== 'sign-out') return;
    // Hang up while the session's token still works, so the call's closing write goes through.
    await new Promise((resolve) => {
      dialer.addEventListener('sw-call-logged', resolve, { once: true });
      setTimeout(resolve, 5000);
      dialer.hangup();
    });
  }
  signOutLocally();
  history.pushState(null, '', `${BASE}login`);
  render({ fresh: true });
});

// The widget's element must be defined before the first one is created and given its properties.
await customElements.whenDefined('sw-dialer');
render({ fresh: true });
