/** ITU-T E.164: a plus, a non-zero country code digit, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{1,14}$/;

export function isE164(value: string): boolean {
  return E164.test(value);
}
