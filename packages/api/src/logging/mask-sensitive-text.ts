import { phoneDigitsOf } from '@sw-dialer/shared-types';
import { SECRET_KEYS } from './secret-keys.js';

/**
 * The last line of defence for log output: whatever a log call or a library put in a line, phone
 * numbers leave it as their last four digits, bearer tokens not at all, and a secret field (SECRET_KEYS,
 * at any depth: `"err":{"config":{"apiToken":"..."}}`) as `[redacted]`. Applied to each serialized
 * line, so it also covers URLs, error messages and stack traces.
 */

// E.164 with a literal, URL-encoded (%2B) or double-encoded (%252B) plus, or a bare run of 10-15 digits
// (a number without its plus). ISO timestamps have separators, so they never match.
const PHONE = /(?:\+|%2B|%252B)\d{6,15}\b|(?<![\d.])\d{10,15}(?![\d.])/gi;
// A number as people write it (docs/adr/0005, "Formatted numbers"): digits of any script, raw or percent-encoded in a URL, in
// groups joined by spaces, dashes, dots, slashes or brackets (`202-555-0161`, `(202) 555-0162`,
// `+1 202 555 0163`, `%2B1+202+555+0163`, Arabic-Indic, fullwidth). The pattern only finds candidates; the
// phone parser's own digit reading (phoneDigitsOf) decides. A candidate never starts or ends against a letter
// or digit, nor right after one and a dash or dot, so UUIDs, times and version strings are left alone.
// `%` or, double-encoded, `%25`: a URL inside a URL (a redirect target, a logged Referer).
const PCT = '%(?:25)?';
const DIGIT = String.raw`(?:\p{Nd}|${PCT}[CDcd][0-9A-Fa-f]${PCT}[89ABab][0-9A-Fa-f]|${PCT}[Ee][0-9A-Fa-f](?:${PCT}[89ABab][0-9A-Fa-f]){2})`;
const SEPARATOR = String.raw`(?:[ \-./()+\u00a0\u3000]|${PCT}2[0389BbDdEeFf]|${PCT}E3${PCT}80${PCT}80)`;
const PLUS = String.raw`(?:\+|${PCT}2[Bb]|\uff0b|${PCT}EF${PCT}BC${PCT}8B)`;
const FORMATTED_PHONE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_%](?:[\-.])?)(?<!%[0-9A-Fa-f])${PLUS}?(?:\(|${PCT}28)?${DIGIT}(?:${SEPARATOR}{0,3}${DIGIT}){6,}(?![\p{L}\p{N}_]|[\-.]\p{N})`,
  'gu'
);

// Up to 12 digits in dotted groups is an IPv4 address; a date and an hour (`2026-12-06 15`:27, as PostgreSQL
// writes times) is a time. Neither is a number.
const NOT_A_NUMBER = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\d{4}-\d{2}-\d{2} \d{2})$/;

function maskFormattedPhone(candidate: string): string {
  if (NOT_A_NUMBER.test(candidate)) return candidate;
  // In a query string `+` is a space, except where it opens the candidate; %2B is the plus.
  let text = candidate.replace(/^\+/, '%2B').replace(/\+/g, ' ');
  for (let round = 0; round < 2 && text.includes('%'); round += 1) {
    try {
      text = decodeURIComponent(text);
    } catch {
      break; // not percent-encoding after all: judge the text as it is
    }
  }
  const { digits, international } = phoneDigitsOf(text);
  // Ten digits or more is a number with its area code in every plan; with a plus, seven are enough.
  const isPhone = digits.length <= 15 && (digits.length >= 10 || (international && digits.length >= 7));
  return isPhone ? `***${digits.slice(-4)}` : candidate;
}

// JWTs (three base64url parts, the first starting with `eyJ`, i.e. `{"`).
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

// A JSON member named like a secret, with its value: a string (escapes included), a number or a boolean.
// Objects and arrays under such a name are censored by pino's redact at the top level only.
const SECRET_FIELD = new RegExp(`"(${SECRET_KEYS.join('|')})":("(?:[^"\\\\]|\\\\.)*"|-?\\d[\\d.eE+-]*|true|false)`, 'gi');

export function maskSensitiveText(text: string): string {
  return text
    .replace(SECRET_FIELD, (_match, key: string) => `"${key}":"[redacted]"`)
    .replace(JWT, '[redacted-jwt]')
    .replace(PHONE, (match) => `***${match.slice(-4)}`)
    .replace(FORMATTED_PHONE, maskFormattedPhone);
}
