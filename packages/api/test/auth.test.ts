import { generateKeyPairSync, randomUUID } from 'node:crypto';
import t from 'tap';
import { TEST_JWT_SECRET, buildTestApp } from './helpers/build-test-app.js';
import { newCallBody } from './helpers/call-bodies.js';
import { signJwt } from './helpers/sign-jwt.js';

const { app, authHeader } = await buildTestApp(t);

// Every route under /api/telephony, each with a request that would succeed (or reach validation) if signed in.
const ROUTES = [
  { method: 'POST', url: '/api/telephony/signalwire/token', payload: { deviceType: 'browser' } },
  { method: 'POST', url: '/api/telephony/calls', payload: newCallBody() },
  { method: 'POST', url: '/api/telephony/calls/bridge', payload: { number: '+12025550100', agentNumber: '+12025550150', clientSessionId: randomUUID() } },
  { method: 'GET', url: `/api/telephony/calls/${randomUUID()}` },
  { method: 'POST', url: `/api/telephony/calls/${randomUUID()}/hangup`, payload: {} },
  { method: 'PATCH', url: `/api/telephony/calls/${randomUUID()}`, payload: { status: 'ringing' } },
  { method: 'GET', url: '/api/telephony/history' },
  { method: 'GET', url: '/api/telephony/contacts?number=%2B12025550100' },
  { method: 'GET', url: '/api/telephony/presence?number=%2B12025550100' },
  { method: 'GET', url: '/api/telephony/presence/stream?numbers=%2B12025550100' },
  { method: 'GET', url: '/api/telephony/health' }
] as const;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

t.test('every telephony route refuses a missing or bad token with 401', async (t) => {
  const now = Math.floor(Date.now() / 1000);
  const badHeaders: Record<string, Record<string, string>> = {
    missing: {},
    'not a bearer': { authorization: 'Basic dXNlcjpwYXNz' },
    garbage: bearer('not.a.jwt'),
    'wrong secret': bearer(signJwt({ sub: 'alice' }, { alg: 'HS256', secret: 'another-secret-of-at-least-32-chars!!' })),
    expired: bearer(signJwt({ sub: 'alice', exp: now - 120, iat: now - 900 }, { alg: 'HS256', secret: TEST_JWT_SECRET })),
    'alg none': bearer(signJwt({ sub: 'alice' }, { alg: 'none' })),
    'no sub': bearer(signJwt({}, { alg: 'HS256', secret: TEST_JWT_SECRET })),
    'no exp': bearer(signJwt({ sub: 'alice', exp: undefined }, { alg: 'HS256', secret: TEST_JWT_SECRET })),
    'RS256 instead of HS256': bearer(signJwt({ sub: 'alice' }, { alg: 'RS256', privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }))
  };
  for (const route of ROUTES) {
    for (const [name, headers] of Object.entries(badHeaders)) {
      const response = await app.inject({ ...route, headers });
      t.equal(response.statusCode, 401, `${route.method} ${route.url}: ${name}`);
      t.equal(response.json().error.code, 'UNAUTHORIZED');
    }
  }
});

t.test('a token within the clock tolerance is accepted', async (t) => {
  const now = Math.floor(Date.now() / 1000);
  const justExpired = signJwt({ sub: 'alice', exp: now - 5 }, { alg: 'HS256', secret: TEST_JWT_SECRET });
  const response = await app.inject({ method: 'GET', url: '/api/telephony/history', headers: bearer(justExpired) });
  t.equal(response.statusCode, 200);
});

t.test('a token accepted before is refused once it expires (the verified-token cache honours exp)', async (t) => {
  const now = Math.floor(Date.now() / 1000);
  // Expired 29 s ago: inside the 30 s clock tolerance for about one more second.
  const expiring = bearer(signJwt({ sub: 'alice', exp: now - 29 }, { alg: 'HS256', secret: TEST_JWT_SECRET }));
  const before = await app.inject({ method: 'GET', url: '/api/telephony/history', headers: expiring });
  t.equal(before.statusCode, 200, 'accepted while inside the tolerance');
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const after = await app.inject({ method: 'GET', url: '/api/telephony/history', headers: expiring });
  t.equal(after.statusCode, 401, 'refused after, although it was verified and remembered before');
  t.equal(after.json().error.code, 'UNAUTHORIZED');
});

t.test('a token differing from an accepted one in its signature alone is refused', async (t) => {
  const good = signJwt({ sub: 'alice' }, { alg: 'HS256', secret: TEST_JWT_SECRET });
  t.equal((await app.inject({ method: 'GET', url: '/api/telephony/history', headers: bearer(good) })).statusCode, 200);
  // A character inside the signature: the last base64url character of a 32-byte HMAC carries 2 padding bits,
  // so changing it can leave the decoded signature as it was (the token is then the same token, rightly accepted).
  const at = good.lastIndexOf('.') + 5;
  const forged = `${good.slice(0, at)}${good[at] === 'A' ? 'B' : 'A'}${good.slice(at + 1)}`;
  const response = await app.inject({ method: 'GET', url: '/api/telephony/history', headers: bearer(forged) });
  t.equal(response.statusCode, 401);
});

t.test('users cannot see or change each other’s calls', async (t) => {
  const alice = authHeader(`alice-${randomUUID()}`);
  const mallory = authHeader(`mallory-${randomUUID()}`);
  const body = newCallBody();
  const created = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: alice, payload: body });
  const id = created.json().id;
  const read = await app.inject({ method: 'GET', url: `/api/telephony/calls/${id}`, headers: mallory });
  t.equal(read.statusCode, 404, 'another user’s call reads as missing');
  const patched = await app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers: mallory, payload: { status: 'ringing' } });
  t.equal(patched.statusCode, 404);
  const own = await app.inject({ method: 'GET', url: `/api/telephony/calls/${id}`, headers: alice });
  t.equal(own.json().status, 'dialing', 'untouched by the other user');
  const history = await app.inject({ method: 'GET', url: '/api/telephony/history?offset=0', headers: mallory });
  t.equal(history.json().total, 0, 'history holds only one’s own calls');
  const replay = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: mallory, payload: body });
  t.equal(replay.statusCode, 201, 'the same clientSessionId from another user is a call of theirs');
  t.not(replay.json().id, id);
});

t.test('dev-login does not exist unless enabled', async (t) => {
  const response = await app.inject({ method: 'POST', url: '/api/auth/dev-login', payload: { userId: 'alice' } });
  t.equal(response.statusCode, 404);
});

t.test('dev-login, when enabled, issues a token the telephony routes accept', async (t) => {
  const demo = await buildTestApp(t, { auth: { jwt: { kind: 'secret', secret: TEST_JWT_SECRET }, devLogin: true } });
  const login = await demo.app.inject({ method: 'POST', url: '/api/auth/dev-login', payload: { userId: 'demo-agent', name: 'Demo Agent' } });
  t.equal(login.statusCode, 200);
  const { token, expiresAt } = login.json();
  t.ok(Date.parse(expiresAt) > Date.now());
  const history = await demo.app.inject({ method: 'GET', url: '/api/telephony/history', headers: bearer(token) });
  t.equal(history.statusCode, 200);
  const bad = await demo.app.inject({ method: 'POST', url: '/api/auth/dev-login', payload: { userId: 'a b' } });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().error.details.issues[0].field, 'body.userId');
});

t.test('with a public key, RS256 tokens from the host are accepted and HS256 ones refused', async (t) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const rsa = await buildTestApp(t, { auth: { jwt: { kind: 'public-key', publicKeyPem, algorithm: 'RS256' }, devLogin: false } });
  const good = signJwt({ sub: 'host-user' }, { alg: 'RS256', privateKey });
  t.equal((await rsa.app.inject({ method: 'GET', url: '/api/telephony/history', headers: bearer(good) })).statusCode, 200);
  // The classic confusion attack: HMAC keyed with the public key text.
  const confused = signJwt({ sub: 'host-user' }, { alg: 'HS256', secret: publicKeyPem });
  t.equal((await rsa.app.inject({ method: 'GET', url: '/api/telephony/history', headers: bearer(confused) })).statusCode, 401);
});

t.test('JWT_ISSUER and JWT_AUDIENCE: wrong or missing claims are refused, listed ones accepted (issue 14 item 7)', async (t) => {
  const checked = await buildTestApp(t, {
    auth: {
      jwt: { kind: 'secret', secret: TEST_JWT_SECRET },
      devLogin: true,
      issuers: ['https://crm.example', 'https://id.example'],
      audiences: ['sw-dialer-api', 'sw-dialer']
    }
  });
  const key = { alg: 'HS256', secret: TEST_JWT_SECRET } as const;
  const status = async (payload: Record<string, unknown>) =>
    (await checked.app.inject({ method: 'GET', url: '/api/telephony/history', headers: bearer(signJwt({ sub: 'agent', ...payload }, key)) })).statusCode;
  const cases: Array<[string, Record<string, unknown>, number]> = [
    ['listed issuer and audience', { iss: 'https://crm.example', aud: 'sw-dialer-api' }, 200],
    ['the other listed issuer and audience', { iss: 'https://id.example', aud: 'sw-dialer' }, 200],
    ['an audience list naming this API among others', { iss: 'https://crm.example', aud: ['billing-api', 'sw-dialer-api'] }, 200],
    ['wrong issuer', { iss: 'https://billing.example', aud: 'sw-dialer-api' }, 401],
    ['wrong audience', { iss: 'https://crm.example', aud: 'billing-api' }, 401],
    ['an audience list not naming this API', { iss: 'https://crm.example', aud: ['billing-api', 'reports-api'] }, 401],
    ['issuer only a prefix of a listed one', { iss: 'https://crm.example.evil', aud: 'sw-dialer-api' }, 401],
    ['missing issuer', { aud: 'sw-dialer-api' }, 401],
    ['missing audience', { iss: 'https://crm.example' }, 401],
    ['neither', {}, 401]
  ];
  for (const [label, payload, expected] of cases) t.equal(await status(payload), expected, label);

  const login = await checked.app.inject({ method: 'POST', url: '/api/auth/dev-login', payload: { userId: 'demo-agent' } });
  const demoToken = login.json().token as string;
  t.equal(
    (await checked.app.inject({ method: 'GET', url: '/api/telephony/history', headers: bearer(demoToken) })).statusCode,
    200,
    'demo tokens carry the first issuer and audience'
  );

  // Unset (or JWT_ISSUER=any / JWT_AUDIENCE=any): tokens are not checked for either claim.
  t.equal(
    (await app.inject({ method: 'GET', url: '/api/telephony/history', headers: bearer(signJwt({ sub: 'agent', iss: 'anyone', aud: 'anything' }, key)) }))
      .statusCode,
    200
  );
});
