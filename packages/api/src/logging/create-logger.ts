import pino, { type DestinationStream, type Logger } from 'pino';
import { maskSensitiveText } from './mask-sensitive-text.js';

/** The one redaction list: fields that may hold secrets, wherever a log call puts them. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.authorization',
  '*.token',
  '*.jwt',
  '*.password',
  '*.secret',
  '*.apiKey',
  '*.apiToken',
  'token',
  'secret',
  'apiKey',
  'apiToken'
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
