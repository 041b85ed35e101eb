// libphonenumber's "min" metadata split by world numbering zone (docs/adr/0022), for the production build
// (an esbuild plugin) and the browser tests (a @web/dev-server plugin), so both run the same code:
//  - libphonenumber-js/min's own import of its metadata gets an empty metadata object instead, and
//  - src/phone/phone-metadata.ts (which in source form says "everything is loaded") is replaced by a
//    module exporting that object and a zone loader (src/phone/zone-loader.ts) that fills it in;
//  - each zone's slice is a module of its own, fetched the first time a number needs it.
// The metadata is read from the libphonenumber-js that shared-types parses with, so the split is always of
// exactly the data the API validates against.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const sharedTypesDir = path.join(packageDir, '..', 'shared-types');
const zoneLoaderFile = path.join(packageDir, 'src', 'phone', 'zone-loader.ts');
const phoneMetadataFile = path.join(packageDir, 'src', 'phone', 'phone-metadata.ts');
export const ZONES = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** The metadata shared-types uses (libphonenumber-js is its dependency, not this package's). */
export function readMetadata() {
  return createRequire(path.join(sharedTypesDir, 'package.json'))('libphonenumber-js/metadata.min.json');
}

/** Country → calling code, and each zone's slice of the metadata. */
export function splitMetadata(metadata) {
  const callingCodeOf = {};
  const zones = Object.fromEntries(ZONES.map((zone) => [zone, { country_calling_codes: {}, countries: {}, nonGeographic: {} }]));
  for (const [code, countries] of Object.entries(metadata.country_calling_codes)) {
    const zone = zones[code[0]];
    if (!zone) throw new Error(`calling code ${code} is in no zone`);
    zone.country_calling_codes[code] = countries;
    for (const country of countries) {
      if (metadata.countries[country]) {
        zone.countries[country] = metadata.countries[country];
        callingCodeOf[country] = code;
      }
    }
  }
  // Global services (+800 freephone, +882 networks...) are listed apart, by calling code.
  for (const [code, plan] of Object.entries(metadata.nonGeographic ?? {})) {
    const zone = zones[code[0]];
    if (!zone) throw new Error(`calling code ${code} is in no zone`);
    zone.nonGeographic[code] = plan;
  }
  return { callingCodeOf, zones };
}

/**
 * The module that stands in for both libphonenumber's metadata file (default export: the object
 * libphonenumber reads) and src/phone/phone-metadata.ts (`phoneMetadata`: the loader that fills it).
 */
export function shellSource(metadata, { zoneLoaderImport, zoneImport }) {
  const { callingCodeOf } = splitMetadata(metadata);
  const cases = ZONES.map((zone) => `    case ${JSON.stringify(zone)}: return import(${JSON.stringify(zoneImport(zone))}).then((m) => m.default);`).join('\n');
  return `import { createZoneLoader } from ${JSON.stringify(zoneLoaderImport)};
const metadata = { version: ${JSON.stringify(metadata.version)}, country_calling_codes: {}, countries: {}, nonGeographic: {} };
export default metadata;
export const phoneMetadata = createZoneLoader(metadata, ${JSON.stringify(callingCodeOf)}, (zone) => {
  switch (zone) {
${cases}
    default: return Promise.reject(new Error('no phone metadata zone ' + zone));
  }
});
`;
}

export function zoneSource(metadata, zone) {
  return `export default ${JSON.stringify(splitMetadata(metadata).zones[zone])};\n`;
}

const isLibphonenumberMin = (file) => /[\\/]libphonenumber-js[\\/]min[\\/]/.test(file ?? '');
const NAMESPACE = 'sw-phone-metadata';

/** esbuild: the split for the production bundle; zone chunks are named `phone-zone-N`. */
export const phoneZonesEsbuild = {
  name: 'phone-metadata-zones',
  setup(builder) {
    const metadata = readMetadata();
    builder.onResolve({ filter: /metadata\.min\.json\.js$/ }, (args) =>
      isLibphonenumberMin(args.importer) ? { path: 'shell', namespace: NAMESPACE } : undefined
    );
    builder.onResolve({ filter: /[\\/]phone-metadata\.js$/ }, (args) =>
      path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')) === phoneMetadataFile ? { path: 'shell', namespace: NAMESPACE } : undefined
    );
    builder.onResolve({ filter: /^sw-phone-metadata:zone-\d$/ }, (args) => ({ path: args.path.slice('sw-phone-metadata:'.length), namespace: NAMESPACE }));
    builder.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
      if (args.path === 'shell') {
        return {
          contents: shellSource(metadata, { zoneLoaderImport: zoneLoaderFile, zoneImport: (zone) => `sw-phone-metadata:zone-${zone}` }),
          loader: 'js',
          resolveDir: path.dirname(zoneLoaderFile)
        };
      }
      const zone = /^zone-(\d)$/.exec(args.path)?.[1];
      if (!zone) return { errors: [{ text: `unknown phone metadata module ${args.path}` }] };
      return { contents: zoneSource(metadata, zone), loader: 'js' };
    });
  }
};

/** @web/dev-server (the browser tests): the same split, served from `/__sw-phone-metadata/`. */
export function phoneZonesDevServer({ rootDir }) {
  const metadata = readMetadata();
  const urlOf = (file) => `/${path.relative(rootDir, file).split(path.sep).join('/')}`;
  const phoneMetadataUrl = urlOf(phoneMetadataFile);
  return {
    name: 'phone-metadata-zones',
    resolveImport({ source, context }) {
      const importer = context.path;
      if (/metadata\.min\.json\.js$/.test(source) && isLibphonenumberMin(importer)) return '/__sw-phone-metadata/shell.js';
      if (source.endsWith('/phone-metadata.js') && new URL(source, `http://x${importer}`).pathname.replace(/\.js$/, '.ts') === phoneMetadataUrl) {
        return '/__sw-phone-metadata/shell.js';
      }
      return undefined;
    },
    serve(context) {
      if (context.path === '/__sw-phone-metadata/shell.js') {
        return {
          body: shellSource(metadata, { zoneLoaderImport: urlOf(zoneLoaderFile), zoneImport: (zone) => `/__sw-phone-metadata/zone-${zone}.js` }),
          type: 'js'
        };
      }
      const zone = /^\/__sw-phone-metadata\/zone-(\d)\.js$/.exec(context.path)?.[1];
      if (zone) return { body: zoneSource(metadata, zone), type: 'js' };
      return undefined;
    }
  };
}
