import pino, { type DestinationStream, type Logger } from 'pino';
import { maskSensitiveText } from './mask-sensitive-text.js';
import { SECRET_KEYS } from './secret-keys.js';

/**
 * pino's part of the redaction (SECRET_KEYS has the why): secret fields of the log object itself and of
 * request and response headers. Every entry names its top-level key: a path starting with a wildcard
 * (`*.token`) makes pino run its redactor on every value of every line, re-parsing each path each time,
 * which cost more than the rest of a request's log line (ADR 5). Deeper secrets are censored in the text.
 */
export const REDACT_PATHS = [
  ...SECRET_KEYS.map((key) => `["${key}"]`),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie'
];

/** Wraps a destination so that every line is masked before it is written. */
function maskingDestination(destination: DestinationStream): DestinationStream {
  return { write: (line: string) => destination.write(maskSensitiveText(line)) };
}

export function createLogger(level: string, destination: DestinationStream = pino.destination(1)): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // ISO time rather than epoch milliseconds: a 13-digit epoch would look like a phone number.
      timestamp: pino.stdTimeFunctions.isoTime,
      base: { service: 'sw-dialer-api' }
    },
    maskingDestination(destination)
  );
}
