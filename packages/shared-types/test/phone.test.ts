import t from 'tap';
import { cleanPhoneInput, e164Schema, formatPhone, isE164, maskPhone, parsePhone } from '../src/index.js';

t.test('pasted formats normalize to E.164', async (t) => {
  for (const input of [
    '(202) 555-0100',
    '+1 202.555.0100',
    'tel:+1-202-555-0100',
    '202 555 0100',
    ' +1 (202) 555 0100 ',
    'tel:+12025550100;phone-context=example.com'
  ]) {
    const parsed = parsePhone(input, 'US');
    t.ok(parsed.ok, `${input} parses`);
    if (parsed.ok) t.equal(parsed.e164, '+12025550100', input);
  }
});

t.test('national input needs a default country', async (t) => {
  const withoutCountry = parsePhone('202 555 0100');
  t.notOk(withoutCountry.ok);
  if (!withoutCountry.ok) t.equal(withoutCountry.code, 'INVALID_COUNTRY');
  const british = parsePhone('020 7183 8750', 'GB');
  t.ok(british.ok);
  if (british.ok) t.equal(british.e164, '+442071838750');
});

t.test('extensions are rejected with a clear message', async (t) => {
  for (const input of ['+12025550100 ext. 12', '202-555-0100 x12', 'tel:+12025550100;ext=12', '+1 (202) 555-0100#12']) {
    const parsed = parsePhone(input, 'US');
    t.notOk(parsed.ok, input);
    if (!parsed.ok) {
      t.equal(parsed.code, 'EXTENSION', input);
      t.match(parsed.message, /Extensions are not supported/);
    }
  }
});

t.test('invalid input says why', async (t) => {
  const cases: Array<[string, string]> = [
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['hello', 'NOT_A_NUMBER'],
    ['+1202', 'INVALID'],
    ['+1 202 555 0100 0', 'INVALID']
  ];
  for (const [input, code] of cases) {
    const parsed = parsePhone(input, 'US');
    t.notOk(parsed.ok, JSON.stringify(input));
    if (!parsed.ok) t.equal(parsed.code, code, JSON.stringify(input));
  }
});

t.test('isE164 accepts only the canonical form', async (t) => {
  t.ok(isE164('+12025550100'));
  t.ok(isE164('+442071838750'));
  t.notOk(isE164('12025550100'), 'no plus');
  t.notOk(isE164('+1 202 555 0100'), 'spaces');
  t.notOk(isE164('+12025550100abc'), 'trailing letters');
  t.notOk(isE164('+1202'), 'too short');
  t.notOk(isE164("+12025550100'; DROP TABLE call_logs;--"), 'sql fragment');
});

t.test('e164Schema reports a readable message', async (t) => {
  const result = e164Schema.safeParse('202-555-0100');
  t.notOk(result.success);
  t.match(result.error?.issues[0]?.message, /E\.164/);
});

t.test('format, mask and clean', async (t) => {
  t.equal(formatPhone('+12025550100', 'national'), '(202) 555-0100');
  t.equal(formatPhone('+12025550100'), '+1 202 555 0100');
  t.equal(formatPhone('not a number'), 'not a number');
  t.equal(maskPhone('+12025550100'), '***0100');
  t.equal(cleanPhoneInput('tel:%2B1%20202%20555%200100'), '+12025550100');
});

t.test('isE164 gives the same answers once its memo of recent numbers has filled and turned over', async (t) => {
  const valid = '+12025550100';
  const invalid = '+12021230100'; // US area code 202 with a 1xx exchange: the right shape, never valid
  t.ok(isE164(valid));
  t.notOk(isE164(invalid));
  // More distinct numbers than the memo holds, so both entries above are pushed out.
  for (let i = 0; i < 6000; i++) isE164(`+1202555${String(i % 10000).padStart(4, '0')}`);
  t.ok(isE164(valid), 'valid again after eviction');
  t.notOk(isE164(invalid), 'invalid again after eviction');
  t.notOk(isE164(invalid), 'and once more from the memo');
});
