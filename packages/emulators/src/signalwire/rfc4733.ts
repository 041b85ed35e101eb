/**
 * RFC 4733 telephone-event payloads: byte 0 is the event (0-9, 10 = '*', 11 = '#', 12-15 = A-D).
 * A sender repeats packets for one key press with the same RTP timestamp, so callers de-duplicate on it.
 */
const EVENT_DIGITS = '0123456789*#ABCD';

export function telephoneEventDigit(payload: Buffer): string | null {
  if (payload.length < 4) return null;
  const event = payload[0] ?? 255;
  return EVENT_DIGITS[event] ?? null;
}

/** The payload type the answer negotiated for telephone-event/8000, if any. */
export function telephoneEventPayloadType(sdp: string): number | null {
  const match = /^a=rtpmap:(\d+) telephone-event\/8000/im.exec(sdp);
  return match?.[1] === undefined ? null : Number(match[1]);
}
