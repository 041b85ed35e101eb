import t from 'tap';
import { checkDialPolicy, DEFAULT_DIAL_POLICY, isCountryEntry, parseCountryList } from '../src/dial-policy.js';

t.test('premium-rate numbers are refused by default, ordinary ones pass', async (t) => {
  const premium = checkDialPolicy('+19005550100', DEFAULT_DIAL_POLICY);
  t.match(premium, { allowed: false, rule: 'DIAL_REFUSED_NUMBER_TYPES' });
  t.match(checkDialPolicy('+33892123456', DEFAULT_DIAL_POLICY), { allowed: false, rule: 'DIAL_REFUSED_NUMBER_TYPES' });
  t.match(checkDialPolicy('+12025550100', DEFAULT_DIAL_POLICY), { allowed: true, callingCode: '1', country: 'US' });
});

t.test('allowed countries take calling codes or regions', async (t) => {
  const byCode = { allowedCountries: ['1'], refusedTypes: [] };
  t.match(checkDialPolicy('+12025550100', byCode), { allowed: true });
  t.match(checkDialPolicy('+448712345678', byCode), { allowed: false, rule: 'DIAL_ALLOWED_COUNTRIES' });
  // A region is narrower than its calling code: Canada shares +1 with the US.
  const byRegion = { allowedCountries: ['US'], refusedTypes: [] };
  t.match(checkDialPolicy('+12025550100', byRegion), { allowed: true });
  t.match(checkDialPolicy('+14165550100', byRegion), { allowed: false, rule: 'DIAL_ALLOWED_COUNTRIES' });
  t.match(checkDialPolicy('+14165550100', byCode), { allowed: true });
});

t.test('a number the metadata calls fixed-line-or-mobile is refused when either type is', async (t) => {
  t.match(checkDialPolicy('+12025550100', { allowedCountries: [], refusedTypes: ['MOBILE'] }), { allowed: false, rule: 'DIAL_REFUSED_NUMBER_TYPES' });
  t.match(checkDialPolicy('+18005550100', { allowedCountries: [], refusedTypes: ['TOLL_FREE'] }), { allowed: false });
});

t.test('anything but a valid canonical E.164 number is refused', async (t) => {
  for (const input of ['', 'abc', '+1 202 555 0100', '/public/sw-dialer-pstn', '+1999']) {
    t.match(checkDialPolicy(input, DEFAULT_DIAL_POLICY), { allowed: false, rule: 'INVALID_NUMBER' }, input);
  }
});

t.test('country lists', async (t) => {
  t.same(parseCountryList(' +1, gb ,44,'), ['1', 'GB', '44']);
  t.ok(isCountryEntry('44'));
  t.ok(isCountryEntry('GB'));
  t.notOk(isCountryEntry('Britain'));
  t.notOk(isCountryEntry('0'));
});
