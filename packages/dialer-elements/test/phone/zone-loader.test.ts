// The zone split against the real metadata: for every country, a number parsed with only the zones the
// loader fetched gives exactly what the whole metadata gives (national form with that default country,
// international form from a page in another zone, and dialled with the international prefix).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { createZoneLoader, type PhoneMetadataJson, type PhoneMetadataZone } from '../../src/phone/zone-loader.js';
// @ts-expect-error: a plain JavaScript build helper without type declarations
import { readMetadata, splitMetadata, ZONES } from '../../scripts/phone-zones.mjs';

// libphonenumber-js is shared-types' dependency: resolve it from there, as the build does.
const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../../shared-types/package.json'));
const core = require('libphonenumber-js/core') as {
  parsePhoneNumberWithError(text: string, country: string | undefined, metadata: object): { number: string; isValid(): boolean; formatInternational(): string };
};
const examples = require('libphonenumber-js/examples.mobile.json') as Record<string, string>;
const full = readMetadata() as PhoneMetadataJson;
const split = splitMetadata(full) as { callingCodeOf: Record<string, string>; zones: Record<string, PhoneMetadataZone> };

function fresh() {
  const target: PhoneMetadataJson = { version: full.version, country_calling_codes: {}, countries: {}, nonGeographic: {} };
  const imported: string[] = [];
  const loader = createZoneLoader(target, split.callingCodeOf, async (zone) => {
    imported.push(zone);
    return structuredClone(split.zones[zone]!);
  });
  return { target, loader, imported };
}

function parse(text: string, country: string | undefined, metadata: object) {
  try {
    const parsed = core.parsePhoneNumberWithError(text, country, metadata);
    return { ok: true, e164: parsed.number, valid: parsed.isValid(), international: parsed.formatInternational() };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

t.test('the split covers the whole metadata, each country once, in the zone of its calling code', async (t) => {
  const countries = Object.values(split.zones).flatMap((zone) => Object.keys(zone.countries));
  t.equal(countries.length, Object.keys(full.countries).length);
  t.equal(new Set(countries).size, countries.length);
  for (const zone of ZONES) {
    for (const [country, plan] of Object.entries(split.zones[zone]!.countries)) t.equal(String(plan[0])[0], zone, country);
  }
  const nonGeographic = Object.values(split.zones).flatMap((zone) => Object.keys(zone.nonGeographic));
  t.same(nonGeographic.sort(), Object.keys(full.nonGeographic ?? {}).sort());
});

t.test('every country: national, international and international-prefix forms parse as with the whole metadata', async (t) => {
  let checked = 0;
  for (const [country, national] of Object.entries(examples)) {
    const code = split.callingCodeOf[country];
    if (!code) continue;
    const foreign = code.startsWith('1') ? 'GB' : 'US';
    const cases: Array<[string, string]> = [
      [national, country],
      [`+${code} ${national}`, foreign],
      // From the US, 011 is the international prefix: "011 44 20 ..." dials +44 20 ...
      [`011 ${code} ${national}`, 'US'],
      // From Germany it is 00.
      [`00${code}${national}`, 'DE']
    ];
    for (const [text, defaultCountry] of cases) {
      const { target, loader } = fresh();
      t.notOk(loader.ready(text, defaultCountry), `${country} ${text}: nothing loaded yet`);
      await loader.load(text, defaultCountry);
      t.ok(loader.ready(text, defaultCountry), `${country} ${text}: ready after load`);
      t.same(parse(text, defaultCountry, target), parse(text, defaultCountry, full), `${country}: ${text} from ${defaultCountry}`);
      checked += 1;
    }
  }
  t.ok(checked > 900, `${checked} cases`);
});

t.test('global service numbers (+800, +882...) parse once their zone is here', async (t) => {
  for (const text of ['+800 1234 5678', '+882 3456 1234', '+979 1234 5678']) {
    const { target, loader } = fresh();
    await loader.load(text);
    t.same(parse(text, undefined, target), parse(text, undefined, full), text);
    t.equal(parse(text, undefined, target).ok, true, text);
  }
});

t.test('it fetches only the zones a number needs, each once', async (t) => {
  const { loader, imported } = fresh();
  await loader.load('(202) 555-0100', 'US');
  t.same(imported, ['1'], 'a US number from a US page: zone 1 only');
  await loader.load('+44 20 7946 0958', 'US');
  t.same(imported, ['1', '4']);
  await Promise.all([loader.load('+33 1 23 45 67 89', 'US'), loader.load('+33 6 12 34 56 78', 'US')]);
  t.same(imported, ['1', '4', '3'], 'two numbers of one zone at once: one fetch');
  t.same(loader.loadedZones(), ['1', '3', '4']);
  t.ok(loader.ready('+44 20 7946 0958', 'US'));
  t.notOk(loader.ready('+81 3 1234 5678', 'US'));
});

t.test('it cannot be wrong about what it does not know: other scripts load everything; unknown countries nothing', async (t) => {
  const arabic = fresh();
  await arabic.loader.load('٠١٢٣٤٥٦٧٨٩', 'EG');
  t.same(arabic.loader.loadedZones(), [...ZONES]);
  const fullwidth = fresh();
  await fullwidth.loader.load('＋４４ ２０ ７９４６ ０９５８');
  t.same(fullwidth.loader.loadedZones(), [...ZONES]);
  t.same(parse('＋４４ ２０ ７９４６ ０９５８', undefined, fullwidth.target), parse('＋４４ ２０ ７９４６ ０９５８', undefined, full));

  const unknown = fresh();
  await unknown.loader.load('202 555 0100', 'XX');
  t.same(unknown.imported, []);
  t.ok(unknown.loader.ready('202 555 0100', 'XX'), 'nothing to wait for: the parse fails as it would anyway');
  t.same(parse('202 555 0100', 'XX', unknown.target), parse('202 555 0100', 'XX', full));
});

t.test('a zone that fails to arrive is fetched again next time', async (t) => {
  const target: PhoneMetadataJson = { version: full.version, country_calling_codes: {}, countries: {}, nonGeographic: {} };
  let attempts = 0;
  const loader = createZoneLoader(target, split.callingCodeOf, async (zone) => {
    attempts += 1;
    if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module');
    return split.zones[zone]!;
  });
  await t.rejects(loader.load('+44 20 7946 0958'));
  t.notOk(loader.ready('+44 20 7946 0958'));
  await loader.load('+44 20 7946 0958');
  t.ok(loader.ready('+44 20 7946 0958'));
  t.equal(attempts, 2);
});
