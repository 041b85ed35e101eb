import { parsePhoneNumberWithError, type NumberType } from 'libphonenumber-js/max';

/**
 * The destination policy (ADR 0065): which numbers a user of this deployment may call. Pure: the API
 * enforces it on POST /calls, on the click-to-call bridge and on the dial-policy endpoint SignalWire's
 * script asks; the widget can run the same check before dialing.
 *
 * Number types need libphonenumber's full ("max") metadata, about 145 KB gzipped, which the widget's
 * main bundle must not carry: this module is its own entry point (`@sw-dialer/shared-types/dial-policy`),
 * never re-exported from the package index, so a browser build loads it only where it is imported.
 */

/** libphonenumber's number types an operator can refuse (`DIAL_REFUSED_NUMBER_TYPES`). */
export const NUMBER_TYPES = [
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
  'MOBILE',
  'FIXED_LINE',
  'FIXED_LINE_OR_MOBILE'
] as const satisfies readonly NumberType[];
export type DialNumberType = (typeof NUMBER_TYPES)[number];

export interface DialPolicy {
  /**
   * Calling codes (`1`, `44`) or ISO regions (`US`, `GB`) a user may call. Empty: every country.
   * A region is stricter than its calling code: `US` refuses Canada although both are `+1`.
   */
  allowedCountries: string[];
  /** Number types refused wherever they are. */
  refusedTypes: DialNumberType[];
}

/** Refusing premium-rate numbers is the default: they are how toll fraud is paid out. */
export const DEFAULT_DIAL_POLICY: DialPolicy = { allowedCountries: [], refusedTypes: ['PREMIUM_RATE'] };

/** Which rule refused the number; the names are the operator's settings, so a refusal says what to change. */
export type DialPolicyRule = 'DIAL_ALLOWED_COUNTRIES' | 'DIAL_REFUSED_NUMBER_TYPES' | 'INVALID_NUMBER';

export type DialPolicyDecision =
  | { allowed: true; country: string | undefined; callingCode: string; numberType: NumberType | undefined }
  | { allowed: false; rule: DialPolicyRule; message: string };

const REGION = /^[A-Z]{2}$/;
const CALLING_CODE = /^[1-9]\d{0,2}$/;

/** True for a valid entry of DIAL_ALLOWED_COUNTRIES: a calling code (`44`, `+44`) or an ISO region (`GB`). */
export function isCountryEntry(entry: string): boolean {
  return REGION.test(entry) || CALLING_CODE.test(entry.replace(/^\+/, ''));
}

/** Reads `DIAL_ALLOWED_COUNTRIES`-style text: comma-separated, `+` optional, regions upper-cased. */
export function parseCountryList(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => (/^[a-z]{2}$/i.test(entry) ? entry.toUpperCase() : entry.replace(/^\+/, '')));
}

/** Decides whether `e164` may be called under `policy`. */
export function checkDialPolicy(e164: string, policy: DialPolicy): DialPolicyDecision {
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(e164);
  } catch {
    return { allowed: false, rule: 'INVALID_NUMBER', message: 'This is not a phone number that can be called' };
  }
  if (!parsed.isValid() || parsed.number !== e164) {
    return { allowed: false, rule: 'INVALID_NUMBER', message: 'This is not a valid phone number in E.164 form' };
  }
  const callingCode = parsed.countryCallingCode;
  const country = parsed.country;
  if (policy.allowedCountries.length > 0) {
    const allowed = policy.allowedCountries.some((entry) => (REGION.test(entry) ? entry === country : entry === callingCode));
    if (!allowed) {
      return {
        allowed: false,
        rule: 'DIAL_ALLOWED_COUNTRIES',
        message: `Calls to ${country ?? `+${callingCode}`} are not allowed here (DIAL_ALLOWED_COUNTRIES)`
      };
    }
  }
  const numberType = parsed.getType();
  // A type the metadata cannot tell (FIXED_LINE_OR_MOBILE counts as both) is refused if either is.
  const types: string[] = numberType === 'FIXED_LINE_OR_MOBILE' ? ['FIXED_LINE_OR_MOBILE', 'FIXED_LINE', 'MOBILE'] : numberType ? [numberType] : [];
  const refused = policy.refusedTypes.find((type) => types.includes(type));
  if (refused) {
    return {
      allowed: false,
      rule: 'DIAL_REFUSED_NUMBER_TYPES',
      message: `Calls to ${refused.toLowerCase().replaceAll('_', '-')} numbers are not allowed here (DIAL_REFUSED_NUMBER_TYPES)`
    };
  }
  return { allowed: true, country, callingCode, numberType };
}
