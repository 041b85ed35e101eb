// Number parsing is loaded on demand: elements import this module with `import()` on first focus or input,
// never statically. The metadata behind it arrives by zone (phone-metadata.ts): call `preparePhone()`
// before parsing or formatting, or check `phoneReady()` where the code must stay synchronous.
import { cleanPhoneInput, formatPhone, parsePhone } from '@sw-dialer/shared-types';
import { phoneMetadata } from './phone-metadata.js';

export { cleanPhoneInput, formatPhone, parsePhone };
export type { PhoneParseResult } from '@sw-dialer/shared-types';

/** True when `text` (with this default country) can be parsed right now. */
export function phoneReady(text: string, defaultCountry?: string): boolean {
  return phoneMetadata.ready(text, defaultCountry);
}

/** Loads the metadata that `text` needs; resolves at once when it is here. */
export function preparePhone(text: string, defaultCountry?: string): Promise<void> {
  return phoneMetadata.load(text, defaultCountry);
}

/** Loads the metadata for some E.164 numbers (a page of call history); never rejects. */
export async function preparePhones(numbers: Iterable<string>): Promise<void> {
  await Promise.all([...new Set(numbers)].map((number) => phoneMetadata.load(number).catch(() => undefined)));
}
