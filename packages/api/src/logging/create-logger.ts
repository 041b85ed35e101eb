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

let secondShown = Number.NaN;
let secondPrefix = '';

/**
 * pino's `isoTime`, with the text up to the second made once per second: formatting a Date was a fifth of
 * a log line's own cost (issue 22). Gives exactly what pino's `isoTime` would.
 */
export function isoTimeField(now = Date.now()): string {
  const millis = now % 1000;
  const second = now - millis;
  if (second !== secondShown) {
    secondShown = second;
    // "2026-12-07T03:38:05." : everything before the milliseconds.
    secondPrefix = `,"time":"${new Date(second).toISOString().slice(0, 20)}`;
  }
  return `${secondPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z"`;
}

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
      timestamp: isoTimeField,
      base: { service: 'sw-dialer-api' }
    },
    maskingDestination(destination)
  );
}
