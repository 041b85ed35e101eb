import { checkDialPolicy, type DialPolicy } from '@sw-dialer/shared-types/dial-policy';
import t from 'tap';
import { rememberedDialPolicy } from '../src/domain/remembered-dial-policy.js';

// A remembered verdict must be the one a fresh check gives: asked again, from the cache or after eviction.
const policy: DialPolicy = { allowedCountries: ['1', 'GB'], refusedTypes: ['PREMIUM_RATE'] };
const numbers = [
  '+12025550123', // US, allowed
  '+19005550123', // US premium rate: refused by type
  '+33123456789', // France: refused by country
  '+1202555012', // too short: invalid
  '+442071838750' // GB fixed line, allowed
];
const fresh = (number: string) => {
  const decision = checkDialPolicy(number, policy);
  return decision.allowed ? { allowed: true } : { allowed: false, rule: decision.rule, message: decision.message };
};

t.test('every verdict, first asked and asked again, is what a fresh check of the policy says', async (t) => {
  const verdict = rememberedDialPolicy(policy);
  for (const round of ['first', 'remembered']) for (const number of numbers) t.same(verdict(number), fresh(number), `${number}, ${round}`);
  t.same(
    numbers.map((number) => verdict(number).allowed),
    [true, false, false, false, true],
    'the sample covers allowed and each refusal'
  );
});

t.test('a bounded memory: numbers evicted are checked afresh, with the same verdicts', async (t) => {
  const verdict = rememberedDialPolicy(policy, 2);
  for (let pass = 0; pass < 3; pass += 1) for (const number of numbers) t.same(verdict(number), fresh(number), `${number}, pass ${pass + 1}`);
});

t.test('a remembered verdict cannot be changed by a caller', async (t) => {
  const verdict = rememberedDialPolicy(policy);
  const refused = verdict('+19005550123');
  t.throws(() => Object.assign(refused, { allowed: true }), 'frozen');
  t.equal(verdict('+19005550123').allowed, false);
});

t.test('each policy keeps its own verdicts', async (t) => {
  const open = rememberedDialPolicy({ allowedCountries: [], refusedTypes: [] });
  const strict = rememberedDialPolicy({ allowedCountries: ['44'], refusedTypes: [] });
  t.equal(open('+12025550123').allowed, true);
  t.equal(strict('+12025550123').allowed, false);
  t.equal(open('+19005550123').allowed, true, 'premium rate allowed where no type is refused');
});
