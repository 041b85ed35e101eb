// How this portal hands its member's session to the widget: `getAuthHeaders`, which the widget calls
// before every request it makes to the telephony API.
//
// In a real portal, the portal's own backend issues the token: the browser asks a same-origin endpoint
// (its cookie session proves who the member is), e.g. `POST /session/telephony-token`, and the backend
// answers with a short-lived JWT signed with the key the telephony API trusts (JWT_SECRET, or better
// the private half of JWT_PUBLIC_KEY), `sub` being the member's id:
//
//   const response = await fetch('/session/telephony-token', { method: 'POST', credentials: 'same-origin' });
//   const { token, expiresAt } = await response.json();
//
// The telephony API then only needs this page's origin in its CORS_ORIGINS. No cookie crosses origins.
//
// This demo has no backend of its own, so it asks the telephony API's demo login (AUTH_DEV_LOGIN) instead.
const dialer = document.querySelector('sw-dialer');
const member = document.getElementById('member');
const api = dialer.getAttribute('api-base');
const MEMBER = { userId: 'portal-member-4711', name: 'Jordan Member' };

let current = null; // { token, expiresAt }
let pending = null;

async function fetchToken() {
  const response = await fetch(`${api}/api/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(MEMBER)
  });
  if (!response.ok) throw new Error(`sign-in answered ${response.status}`);
  return response.json();
}

/** A valid token, fetched once and again a minute before it expires; concurrent callers share one request. */
async function token() {
  if (current && Date.parse(current.expiresAt) - Date.now() > 60_000) return current.token;
  pending ??= fetchToken().finally(() => (pending = null));
  current = await pending;
  return current.token;
}

// Properties set before the element is defined are kept when it upgrades (docs/widget.md), so this needs
// no wait for the widget's bundle, which comes from another origin and may load after this script.
dialer.getAuthHeaders = async () => ({ authorization: `Bearer ${await token()}` });

try {
  await token();
  member.textContent = `Signed in as ${MEMBER.name}`;
} catch (error) {
  member.textContent = `Could not sign in to the telephony API at ${api}: ${error.message}`;
}
