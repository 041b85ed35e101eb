import { parseDigits, parsePhoneNumberWithError, ParseError, type CountryCode } from 'libphonenumber-js/min';
import { z } from 'zod';

/**
 * Phone numbers cross every boundary as E.164 (`+12025550100`). The "min" metadata is used on
 * purpose: it is the one the widget ships to browsers (about 29 KB gzipped instead of 145 KB), and
 * the API must accept exactly what the widget accepts.
 */

export type PhoneParseResult =
  { ok: true; e164: string; country: CountryCode | undefined; national: string; international: string } | { ok: false; code: PhoneErrorCode; message: string };

export type PhoneErrorCode = 'EMPTY' | 'NOT_A_NUMBER' | 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_COUNTRY' | 'INVALID' | 'EXTENSION';

const MESSAGES: Record<PhoneErrorCode, string> = {
  EMPTY: 'Enter a phone number',
  NOT_A_NUMBER: 'This is not a phone number',
  TOO_SHORT: 'The number is too short',
  TOO_LONG: 'The number is too long',
  INVALID_COUNTRY: 'Start with + and the country code, or set a default country',
  INVALID: 'This number is not valid',
  EXTENSION: 'Extensions are not supported: dial the main number, then use the keypad'
};

const E164_SHAPE = /^\+[1-9]\d{6,14}$/;

/** Strips what people paste around a number: `tel:` URIs (with parameters), dots, dashes, brackets. */
export function cleanPhoneInput(raw: string): string {
  let text = raw.trim();
  if (/^tel:/i.test(text)) {
    text = decodeURIComponent(text.slice(4));
    // RFC 3966 parameters such as ;phone-context= are not part of the number; ;ext= is kept for the check.
    text = text.replace(/;(?!ext=)[^;]*/gi, '');
  }
  return text.replace(/[\s().\-\u00a0]/g, '');
}

function failure(code: PhoneErrorCode): PhoneParseResult {
  return { ok: false, code, message: MESSAGES[code] };
}

/** Parses what a person typed or pasted; national input needs `defaultCountry`. */
export function parsePhone(raw: string, defaultCountry?: CountryCode): PhoneParseResult {
  const text = cleanPhoneInput(raw);
  if (text === '') return failure('EMPTY');
  if (/(ext\.?|x|#|;ext=)\d+$/i.test(text)) return failure('EXTENSION');
  try {
    const parsed = parsePhoneNumberWithError(text, defaultCountry);
    if (parsed.ext) return failure('EXTENSION');
    if (!parsed.isValid()) return failure('INVALID');
    return {
      ok: true,
      e164: parsed.number,
      country: parsed.country,
      national: parsed.formatNational(),
      international: parsed.formatInternational()
    };
  } catch (error) {
    if (error instanceof ParseError && error.message in MESSAGES) return failure(error.message as PhoneErrorCode);
    return failure('NOT_A_NUMBER');
  }
}

/**
 * Answers of `isE164` for recently seen numbers. Checking a number costs 10-35 µs (libphonenumber tries
 * the patterns of every country sharing the calling code, building each regular expression anew), which
 * is a tenth of the create-call route's work; a sales team dials the same lead lists again and again.
 * Bounded, oldest entry out first; the answer for a string never changes, so nothing goes stale.
 */
const E164_ANSWERS = new Map<string, boolean>();
const E164_ANSWERS_MAX = 5000;

function checkE164(value: string): boolean {
  try {
    const parsed = parsePhoneNumberWithError(value);
    return parsed.number === value && !parsed.ext && parsed.isValid();
  } catch {
    return false;
  }
}

/**
 * True only for a string already in canonical E.164 form that is also a valid number. On every API
 * request's hot path, so it skips the formatting `parsePhone` does for people.
 */
export function isE164(value: string): boolean {
  if (!E164_SHAPE.test(value)) return false;
  let answer = E164_ANSWERS.get(value);
  if (answer === undefined) {
    answer = checkE164(value);
    if (E164_ANSWERS.size >= E164_ANSWERS_MAX) E164_ANSWERS.delete(E164_ANSWERS.keys().next().value as string);
    E164_ANSWERS.set(value, answer);
  }
  return answer;
}

/** Formats an E.164 number for people; falls back to the input when it cannot be parsed. */
export function formatPhone(e164: string, style: 'national' | 'international' = 'international'): string {
  const parsed = parsePhone(e164);
  if (!parsed.ok) return e164;
  return style === 'national' ? parsed.national : parsed.international;
}

/**
 * The digits the parser reads in `text` as ASCII, and whether it starts with a plus: what `parsePhone` would
 * dial from it, formatting aside. libphonenumber reads fullwidth and (Eastern) Arabic-Indic digits as well
 * as ASCII ones; digits of other scripts it does not dial are kept as they are, so they still count.
 * The log masking judges text with this, so that every form the parser accepts is recognized there too.
 */
export function phoneDigitsOf(text: string): { digits: string; international: boolean } {
  const cleaned = cleanPhoneInput(text);
  const digits = Array.from(cleaned.matchAll(/\p{Nd}/gu), ([digit]) => parseDigits(digit) || digit).join('');
  return { digits, international: /^[+\uff0b]/.test(cleaned) };
}

/** The last four digits, the only part of a number that may appear in a log line. */
export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  return `***${digits.slice(-4)}`;
}

/**
 * A number on the wire: canonical E.164 only (the widget normalizes before sending). Marked pure so that
 * a browser bundle using only the functions above leaves classic zod out (see call-vocabulary.ts).
 */
export const e164Schema = /* @__PURE__ */ z
  .string()
  .max(16, 'must be at most 16 characters (E.164)')
  .refine(isE164, 'must be a valid phone number in E.164 form, such as +12025550100');
