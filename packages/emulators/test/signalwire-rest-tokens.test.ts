import t from 'tap';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { basicAuth, startEmulator } from './fixtures/signalwire-helpers.js';

const emulator = await startEmulator();
t.teardown(() => emulator.close());

const post = (path: string, body: unknown, authorization = basicAuth()) =>
  fetch(`${emulator.url}${path}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });

t.test('issues a SAT: typ SAT, no ch, 2 h default expiry, stable subscriber per reference', async (t) => {
  const before = Math.floor(Date.now() / 1000);
  const response = await post('/api/fabric/subscribers/tokens', { reference: 'alice' });
  t.equal(response.status, 200);
  const body = (await response.json()) as { subscriber_id: string; token: string; refresh_token: string };
  t.match(body, { subscriber_id: String, token: String, refresh_token: String });
  const header = decodeProtectedHeader(body.token);
  t.equal(header.typ, 'SAT');
  t.notOk('ch' in header, 'no ch header: it would override the relay host');
  const claims = decodeJwt(body.token);
  t.ok(claims.exp! >= before + 7200 && claims.exp! <= before + 7202, 'expires in two hours');
  const again = (await (await post('/api/fabric/subscribers/tokens', { reference: 'alice' })).json()) as { subscriber_id: string };
  t.equal(again.subscriber_id, body.subscriber_id, 'same reference, same subscriber');
  const other = (await (await post('/api/fabric/subscribers/tokens', { reference: 'bob' })).json()) as { subscriber_id: string };
  t.not(other.subscriber_id, body.subscriber_id);
});

t.test('expire_at shortens the lifetime; a past expire_at is refused', async (t) => {
  const expireAt = Math.floor(Date.now() / 1000) + 900;
  const body = (await (await post('/api/fabric/subscribers/tokens', { reference: 'alice', expire_at: expireAt })).json()) as { token: string };
  t.equal(decodeJwt(body.token).exp, expireAt);
  const past = await post('/api/fabric/subscribers/tokens', { reference: 'alice', expire_at: 1000 });
  t.equal(past.status, 422);
  t.match(await past.json(), { errors: [{ attribute: 'expire_at' }] });
});

t.test('wrong or missing credentials: 401 with a Basic challenge', async (t) => {
  for (const authorization of [basicAuth('test-project-0001', 'wrong'), basicAuth('other-project', 'PT-test-token-0001'), 'Bearer abc', '']) {
    const response = await post('/api/fabric/subscribers/tokens', { reference: 'alice' }, authorization);
    t.equal(response.status, 401, `refused: ${authorization || '(none)'}`);
    t.match(response.headers.get('www-authenticate') ?? '', /^Basic/);
    const body = (await response.json()) as { errors: unknown[] };
    t.equal(body.errors.length, 1);
    t.notMatch(JSON.stringify(body), /token/i, 'the error body does not echo secrets');
  }
  const refresh = await post('/api/fabric/subscribers/tokens/refresh', { refresh_token: 'x' }, basicAuth('a', 'b'));
  t.equal(refresh.status, 401);
});

t.test('bad bodies are 422, not 500', async (t) => {
  t.equal((await post('/api/fabric/subscribers/tokens', {})).status, 422);
  t.equal((await post('/api/fabric/subscribers/tokens', { reference: '' })).status, 422);
  t.equal((await post('/api/fabric/subscribers/tokens', { reference: 'a', expire_at: 'soon' })).status, 422);
  t.equal((await post('/api/fabric/subscribers/tokens/refresh', {})).status, 422);
});

t.test('refresh: a new token pair; each refresh token works once; an access token is not a refresh token', async (t) => {
  const first = (await (await post('/api/fabric/subscribers/tokens', { reference: 'carol' })).json()) as {
    token: string;
    refresh_token: string;
    subscriber_id: string;
  };
  const refreshed = await post('/api/fabric/subscribers/tokens/refresh', { refresh_token: first.refresh_token });
  t.equal(refreshed.status, 200);
  const body = (await refreshed.json()) as { token: string; refresh_token: string };
  t.not(body.token, first.token);
  t.equal(decodeProtectedHeader(body.token).typ, 'SAT');
  t.equal(decodeJwt(body.token).sub, first.subscriber_id, 'same subscriber');
  t.equal((await post('/api/fabric/subscribers/tokens/refresh', { refresh_token: first.refresh_token })).status, 401, 'used twice');
  t.equal((await post('/api/fabric/subscribers/tokens/refresh', { refresh_token: first.token })).status, 401, 'access token refused');
  t.equal((await post('/api/fabric/subscribers/tokens/refresh', { refresh_token: body.refresh_token })).status, 200, 'the successor works');
});

t.test('tokens from another emulator process are not accepted', async (t) => {
  const other = await startEmulator();
  t.teardown(() => other.close());
  const foreign = (await (
    await fetch(`${other.url}/api/fabric/subscribers/tokens`, {
      method: 'POST',
      headers: { authorization: basicAuth(), 'content-type': 'application/json' },
      body: JSON.stringify({ reference: 'x' })
    })
  ).json()) as { refresh_token: string };
  t.equal((await post('/api/fabric/subscribers/tokens/refresh', { refresh_token: foreign.refresh_token })).status, 401);
});
