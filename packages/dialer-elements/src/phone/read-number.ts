// The widget's one number parser, for the field, `dial()` and the agent's own number alike. It sits
// beside the elements (not in phone.ts, which loads on demand) so that the keypad's letters it shares
// with them stay in one bundle.
import { lettersToDigits } from './keypad.js';
import { loadPhone } from './load-phone.js';

type PhoneModule = typeof import('./phone.js');
type PhoneParseResult = import('./phone.js').PhoneParseResult;

/** What the parser reads of a text people type, paste or link: `tel:` and formatting dropped, letters as keypad digits. */
export function numberText(phone: PhoneModule, raw: string): string {
  return lettersToDigits(phone.cleanPhoneInput(raw));
}

/** Parses `raw` to E.164; pure once the metadata its text needs is here (`phone.phoneReady()`). */
export function readNumber(phone: PhoneModule, raw: string, defaultCountry?: string): PhoneParseResult {
  return phone.parsePhone(numberText(phone, raw), (defaultCountry || undefined) as never);
}

/** `readNumber` after loading the parser and the metadata it needs. Rejects only when a chunk could not be fetched. */
export async function checkNumber(raw: string, defaultCountry?: string): Promise<PhoneParseResult> {
  const phone = await loadPhone();
  await phone.preparePhone(numberText(phone, raw), defaultCountry || undefined);
  return readNumber(phone, raw, defaultCountry);
}
