// Figures in words for a language, all through Intl: no number, unit or date rule is written by hand.
// (Plural forms: each catalogue's `callCount` asks Intl.PluralRules.)

/** A number as `lang` writes it (`4.1`, `4,1`). */
export const numbers = (lang: string, n: number, options?: Intl.NumberFormatOptions): string => new Intl.NumberFormat(lang, options).format(n);

/** A duration in words for screen readers: "1 minute, 5 seconds", "1 Minute und 5 Sekunden". */
export function durationWords(ms: number, lang: string): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const units: Array<[number, string]> = [
    [Math.floor(total / 3600), 'hour'],
    [Math.floor((total % 3600) / 60), 'minute'],
    [total % 60, 'second']
  ];
  const parts = units.filter(([n, unit]) => n > 0 || (unit === 'second' && total < 60));
  return new Intl.ListFormat(lang, { type: 'unit' }).format(parts.map(([n, unit]) => numbers(lang, n, { style: 'unit', unit, unitDisplay: 'long' })));
}

/** A date and time as `lang` writes it (the history's rows). */
export const dateTime = (lang: string, iso: string): string => new Date(iso).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
