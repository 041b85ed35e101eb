/** The phone keypad: each key with the letters printed on it (ITU E.161). */
export const KEYPAD_KEYS: ReadonlyArray<{ key: string; letters: string }> = [
  { key: '1', letters: '' },
  { key: '2', letters: 'ABC' },
  { key: '3', letters: 'DEF' },
  { key: '4', letters: 'GHI' },
  { key: '5', letters: 'JKL' },
  { key: '6', letters: 'MNO' },
  { key: '7', letters: 'PQRS' },
  { key: '8', letters: 'TUV' },
  { key: '9', letters: 'WXYZ' },
  { key: '*', letters: '' },
  { key: '0', letters: '+' },
  { key: '#', letters: '' }
];

const LETTER_TO_DIGIT: Record<string, string> = Object.fromEntries(
  KEYPAD_KEYS.flatMap(({ key, letters }) => (/\d/.test(key) ? [...letters].filter((l) => /[A-Z]/.test(l)).map((l) => [l, key]) : []))
);

/**
 * Vanity numbers (`1-800-FLOWERS`): letters become the digits they sit on. Text that ends in an
 * extension (`ext. 12`, `x12`) is left alone so that the parser can say extensions are not supported.
 */
export function lettersToDigits(text: string): string {
  if (/(ext\.?|x|;ext=)\s*\d+\s*$/i.test(text)) return text;
  return text.replace(/[A-Za-z]/g, (letter) => LETTER_TO_DIGIT[letter.toUpperCase()] ?? letter);
}
