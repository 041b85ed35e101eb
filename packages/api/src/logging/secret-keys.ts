/**
 * The one redaction list: field names whose values are secrets wherever a log call (or a library) puts
 * them. The logger censors them at the top level of a log object (pino's redact), and the masking
 * destination censors them at any depth in the serialized line (mask-sensitive-text.ts).
 */
export const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'token',
  'jwt',
  'password',
  'secret',
  'apiKey',
  'apiToken',
  'x-dial-policy-secret',
  'ticket',
  'policySecret'
] as const;
