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
// JWTs (three base64url parts, the first starting with `eyJ`, i.e. `{"`).
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

// A JSON member named like a secret, with its value: a string (escapes included), a number or a boolean.
// Objects and arrays under such a name are censored by pino's redact at the top level only.
const SECRET_FIELD = new RegExp(`"(${SECRET_KEYS.join('|')})":("(?:[^"\\\\]|\\\\.)*"|-?\\d[\\d.eE+-]*|true|false)`, 'gi');

export function maskSensitiveText(text: string): string {
  return text
    .replace(SECRET_FIELD, (_match, key: string) => `"${key}":"[redacted]"`)
    .replace(JWT, '[redacted-jwt]')
    .replace(PHONE, (match) => `***${match.slice(-4)}`);
}
