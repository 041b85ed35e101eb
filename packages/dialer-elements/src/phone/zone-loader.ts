/**
 * libphonenumber's metadata, loaded one world numbering zone at a time (docs/adr/0022).
 *
 * The "min" metadata is about 19 KB gzipped and a call needs the part for at most two countries: the
 * page's default country and the dialled number's. The production build (scripts/phone-zones.mjs) splits
 * it into nine chunks by the first digit of the country calling code (ITU-T E.164 world zones: 1 North
 * America, 2 Africa, 3 and 4 Europe, 5 Latin America, 6 Oceania and South-East Asia, 7 Russia and
 * Kazakhstan, 8 East Asia and global services, 9 Asia and the Middle East) and gives libphonenumber an
 * empty metadata object that this loader fills in before a number is parsed. Every country stays
 * supported; a zone is fetched the first time a number needs it.
 *
 * This module is plain logic over the metadata object, so it is tested against the real metadata in Node
 * (test/phone/zone-loader.test.ts). When it cannot tell which zone a text needs (digits in other scripts)
 * it loads them all: a larger download, never a wrong answer.
 */

/** libphonenumber's metadata JSON (format version 4), or the part of it loaded so far. */
export interface PhoneMetadataJson {
  version: number;
  country_calling_codes: Record<string, string[]>;
  /** Per country: `[callingCode, iddPrefixPattern, ...]`. */
  countries: Record<string, unknown[]>;
  nonGeographic?: Record<string, unknown[]>;
}

/** One zone's slice of the metadata. */
export interface PhoneMetadataZone {
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, unknown[]>;
  nonGeographic: Record<string, unknown[]>;
}

export const PHONE_ZONES = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** What the phone module asks of the metadata: is the part a text needs here, and fetch it if not. */
export interface PhoneMetadataSource {
  /** True when everything needed to parse `text` (with this default country) is loaded. */
  ready(text: string, defaultCountry?: string): boolean;
  /** Loads what `text` needs; resolves at once when it is here already. */
  load(text: string, defaultCountry?: string): Promise<void>;
}

// Digits of other scripts (Arabic-Indic, fullwidth...) and the fullwidth plus, which libphonenumber reads.
const OTHER_DIGITS = /[\uFF0B\u0660-\u0669\u06F0-\u06F9\u0966-\u096F\uFF10-\uFF19]/;

export function createZoneLoader(
  target: PhoneMetadataJson,
  callingCodeOf: Record<string, string>,
  importZone: (zone: string) => Promise<PhoneMetadataZone>
): PhoneMetadataSource & { zonesFor(text: string, defaultCountry?: string): { zones: Set<string>; complete: boolean }; loadedZones(): string[] } {
  const loaded = new Set<string>();
  const loading = new Map<string, Promise<void>>();
  const iddPatterns = new Map<string, RegExp | null>();

  const iddOf = (country: string): RegExp | null | undefined => {
    if (iddPatterns.has(country)) return iddPatterns.get(country);
    const plan = target.countries[country];
    if (!plan) return undefined;
    const idd = typeof plan[1] === 'string' && plan[1] ? new RegExp(`^(?:${plan[1]})`) : null;
    iddPatterns.set(country, idd);
    return idd;
  };

  /**
   * The zones a text needs: the default country's; the one after any `+`; and for a number dialled with
   * the default country's international prefix (`011 44 20…` from the US) the one after that prefix,
   * which is only known once the default country's own zone is here (`complete: false` until then).
   */
  function zonesFor(text: string, defaultCountry?: string): { zones: Set<string>; complete: boolean } {
    if (OTHER_DIGITS.test(text)) return { zones: new Set(PHONE_ZONES), complete: true };
    const zones = new Set<string>();
    let complete = true;
    const country = defaultCountry?.toUpperCase();
    const code = country ? callingCodeOf[country] : undefined;
    if (code) zones.add(code[0]!);
    for (const match of text.matchAll(/\+\D*([1-9])/g)) zones.add(match[1]!);
    if (country && code && !text.trimStart().startsWith('+')) {
      const idd = iddOf(country);
      if (idd === undefined) complete = false;
      else if (idd) {
        const digits = text.replace(/\D/g, '');
        const prefix = idd.exec(digits);
        const next = prefix ? digits[prefix[0].length] : undefined;
        if (next && next !== '0') zones.add(next);
      }
    }
    return { zones, complete };
  }

  function merge(zone: PhoneMetadataZone) {
    Object.assign(target.country_calling_codes, zone.country_calling_codes);
    Object.assign(target.countries, zone.countries);
    target.nonGeographic ??= {};
    Object.assign(target.nonGeographic, zone.nonGeographic);
  }

  function loadZone(zone: string): Promise<void> {
    if (loaded.has(zone)) return Promise.resolve();
    let pending = loading.get(zone);
    if (!pending) {
      pending = importZone(zone).then(
        (data) => {
          merge(data);
          loaded.add(zone);
          loading.delete(zone);
        },
        (error: unknown) => {
          // A failed chunk fetch (offline) may succeed on the next keystroke.
          loading.delete(zone);
          throw error;
        }
      );
      loading.set(zone, pending);
    }
    return pending;
  }

  return {
    zonesFor,
    loadedZones: () => [...loaded].sort(),
    ready(text, defaultCountry) {
      const { zones, complete } = zonesFor(text, defaultCountry);
      return complete && [...zones].every((zone) => loaded.has(zone));
    },
    async load(text, defaultCountry) {
      // Two rounds at most: the default country's zone first tells whether the text starts with its
      // international prefix, and so which zone comes after it.
      for (let round = 0; round < 3; round++) {
        const { zones, complete } = zonesFor(text, defaultCountry);
        await Promise.all([...zones].map(loadZone));
        if (complete) return;
      }
    }
  };
}
