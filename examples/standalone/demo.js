// The demo signs in through the API's demo login (AUTH_DEV_LOGIN) and hands the token to the widget, as a
// host application would hand over its own session token.
// `?api=` points the page at another API (the end-to-end tests run one on a free port).
const api = new URL(new URLSearchParams(location.search).get('api') ?? `${location.protocol}//${location.hostname}:3000`);
const dialer = document.getElementById('dialer');
const history = document.getElementById('history');
const session = document.getElementById('session');

// The history names the dialer (`dialer="dialer"`): it uses the dialer's api-base and token.
dialer.setAttribute('api-base', api.origin);
dialer.setAttribute('token-endpoint', new URL('/api/telephony/signalwire/token', api).href);

try {
  const response = await fetch(new URL('/api/auth/dev-login', api), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'demo-agent', name: 'Demo Agent' })
  });
  if (!response.ok) throw new Error(`demo login answered ${response.status}`);
  const { token } = await response.json();
  dialer.authToken = token;
  // The list asked before the sign-in finished; it has the dialer's token now.
  void history.refresh();
  session.textContent = 'Signed in as Demo Agent.';
} catch (error) {
  session.textContent = `Could not sign in to the API at ${api.origin}: ${error.message}. Is \`pnpm start\` running?`;
}
