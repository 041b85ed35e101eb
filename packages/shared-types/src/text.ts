import { z } from 'zod';

// C0 and C1 control characters, DEL, and the Unicode line/paragraph separators: none belong in a
// call log field, and some (CR, LF) would forge log lines or headers downstream.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A short, single-line text field: trimmed length bounded, control characters refused. */
export function safeText(max: number) {
  return z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters');
}

/** Identifiers of other systems (contact ids, provider call ids): a conservative character set. */
export function externalId(max = 128) {
  return z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[A-Za-z0-9._:@-]+$/, 'may contain only letters, digits and . _ : @ -');
}

// The years a four-digit ISO 8601 time names in UTC. PostgreSQL has no year 0 ("0000-01-01T00:00:00Z", or
// "0001-01-01T00:00:00+01:00", is out of its range: a 500), and a time past 9999 in UTC has no four-digit form.
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/** ISO 8601 timestamps with an explicit offset, within years 0001-9999 in UTC; normalized to UTC on output. */
export const isoDateTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, such as 2026-01-31T12:00:00Z' })
  .refine((value) => {
    const time = Date.parse(value);
    return !Number.isNaN(time) && time >= EARLIEST && time <= LATEST;
  }, 'must be a real date-time between the years 0001 and 9999 (UTC)');

export const uuid = z.uuid({ message: 'must be a UUID' });
