// The widget's one number parser (src/phone/read-number.ts): the field, dial() and the agent's own number
// all read a text the same way.
import t from 'tap';
import { loadPhone } from '../../src/phone/load-phone.js';
import { checkNumber, numberText, readNumber } from '../../src/phone/read-number.js';

t.test('what people type, paste or link reads as one E.164 number', async (t) => {
  for (const text of ['(202) 555-0100', '+1 202.555.0100', 'tel:+1-202-555-0100', ' 202 555 0100 ']) {
    t.match(await checkNumber(text, 'US'), { ok: true, e164: '+12025550100' }, text);
  }
});

t.test('letters are the keypad digits they sit on; an extension is left for the parser to refuse', async (t) => {
  const phone = await loadPhone();
  t.equal(numberText(phone, '1-800-FLOWERS'), '18003569377');
  t.match(await checkNumber('+1 202 555 CALL', 'US'), { ok: true, e164: '+12025552255' });
  t.match(await checkNumber('202 555 0100 ext. 12', 'US'), { ok: false, code: 'EXTENSION' });
});

t.test('national numbers need the default country; readNumber is pure once the metadata is here', async (t) => {
  t.match(await checkNumber('2025550100', ''), { ok: false });
  const phone = await loadPhone('+442079460958');
  t.match(readNumber(phone, '020 7946 0958', 'GB'), { ok: true, e164: '+442079460958' });
  t.match(readNumber(phone, '555', 'US'), { ok: false, message: 'This number is not valid' });
});
