/**
 * The last line of defence for log output: whatever a log call or a library put in a line, phone
 * numbers leave it as their last four digits and bearer tokens not at all. Applied to each serialized
 * line, so it also covers URLs, error messages and stack traces.
 */

// E.164 with a literal, URL-encoded (%2B) or double-encoded (%252B) plus, or a bare run of 10-15 digits
// (a number without its plus). ISO timestamps have separators, so they never match.
const PHONE = /(?:\+|%2B|%252B)\d{6,15}\b|(?<![\d.])\d{10,15}(?![\d.])/gi;
// JWTs (three base64url parts, the first starting with `eyJ`, i.e. `{"`).
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

export function maskSensitiveText(text: string): string {
  return text.replace(JWT, '[redacted-jwt]').replace(PHONE, (match) => `***${match.slice(-4)}`);
}
