import t from 'tap';
import { secretMatches, signDialTicket, verifyDialTicket } from '../src/security/dial-ticket.js';

const SECRET = 'a-policy-secret-of-at-least-thirty-two-chars';
const now = 1_800_000_000;

t.test('a ticket says who dials and with which caller ID, until it expires', async (t) => {
  const ticket = signDialTicket(SECRET, { userId: 'agent-1', callerId: '+12025550177', exp: now + 300 });
  t.match(ticket, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  t.same(verifyDialTicket(SECRET, ticket, now), { ok: true, claims: { userId: 'agent-1', callerId: '+12025550177', exp: now + 300 } });
  t.same(verifyDialTicket(SECRET, ticket, now + 300), { ok: false, reason: 'expired' });
});

t.test('a changed payload, another secret, or anything malformed is refused', async (t) => {
  const ticket = signDialTicket(SECRET, { userId: 'agent-1', exp: now + 300 });
  const [version, , mac] = ticket.split('.');
  const someoneElse = Buffer.from(JSON.stringify({ u: 'agent-2', e: now + 300 })).toString('base64url');
  t.same(verifyDialTicket(SECRET, `${version}.${someoneElse}.${mac}`, now), { ok: false, reason: 'forged' }, 'another user under the same MAC');
  t.same(verifyDialTicket('another-secret-of-at-least-thirty-two-chars', ticket, now), { ok: false, reason: 'forged' });
  for (const bad of ['', 'v1', 'v1..', `v2.${ticket.slice(3)}`, `${ticket}.extra`, 'v1.bm90LWpzb24.AAAA']) {
    t.equal(verifyDialTicket(SECRET, bad, now).ok, false, JSON.stringify(bad));
  }
  const notJson = Buffer.from('not json').toString('base64url');
  const signedGarbage = signDialTicket(SECRET, { userId: 'x', exp: now + 1 }).split('.')[2];
  t.same(verifyDialTicket(SECRET, `v1.${notJson}.${signedGarbage}`, now), { ok: false, reason: 'forged' });
});

t.test('the shared secret is compared whole', async (t) => {
  t.ok(secretMatches(SECRET, SECRET));
  t.notOk(secretMatches(SECRET, SECRET.slice(0, -1)));
  t.notOk(secretMatches(SECRET, `${SECRET}x`));
  t.notOk(secretMatches(SECRET, undefined));
  t.notOk(secretMatches(SECRET, ''));
});
