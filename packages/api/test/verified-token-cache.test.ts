import t from 'tap';
import { VerifiedTokenCache } from '../src/security/verified-token-cache.js';

const claims = { sub: 'alice' };

t.test('an entry serves until exp plus the clock tolerance, and not a millisecond longer', async (t) => {
  const cache = new VerifiedTokenCache(30_000);
  const exp = 1_800_000_000;
  cache.set('token-a', claims, exp);
  t.same(cache.get('token-a', exp * 1000), claims, 'at exp');
  t.same(cache.get('token-a', exp * 1000 + 30_000), claims, 'at the end of the tolerance');
  t.equal(cache.get('token-a', exp * 1000 + 30_001), undefined, 'after it');
  t.equal(cache.get('token-a', exp * 1000), undefined, 'an expired entry is dropped, not kept for a clock that goes back');
});

t.test('only the exact token is found', async (t) => {
  const cache = new VerifiedTokenCache(0);
  cache.set('header.payload.signature', claims, 1_800_000_000);
  t.equal(cache.get('header.payload.signaturX', 0), undefined);
  t.equal(cache.get('header.payload.', 0), undefined);
  t.same(cache.get('header.payload.signature', 0), claims);
});

t.test('bounded: the least recently used token goes first', async (t) => {
  const cache = new VerifiedTokenCache(0, 2);
  cache.set('a', { sub: 'a' }, 1_800_000_000);
  cache.set('b', { sub: 'b' }, 1_800_000_000);
  cache.get('a', 0);
  cache.set('c', { sub: 'c' }, 1_800_000_000);
  t.equal(cache.get('b', 0), undefined, 'b was the least recently used');
  t.same(cache.get('a', 0), { sub: 'a' });
  t.same(cache.get('c', 0), { sub: 'c' });
});
