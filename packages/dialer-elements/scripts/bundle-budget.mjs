// What the widget's bundle weighs, minified and gzipped (level 9, each file on its own, as a browser fetches
// it), measured on the production build (build.mjs). Shared by bench/bundle-size.mjs (the report) and
// test/bundle/bundle-budget.test.ts (`pnpm test` fails when a budget is exceeded). See docs/adr/0080.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildBundle } from './build.mjs';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Budgets in gzipped bytes (KB = 1024 B). The call path keeps room for the features coming (issue 22). */
export const BUDGETS = { initial: 25 * 1024, callPath: 125 * 1024 };

/**
 * Builds into a fresh folder beside dist/ and returns the metafile. The folder's place matters: the
 * source maps name their sources relative to it, and esbuild's chunk hashes (which are in the file names,
 * so in the import() strings, so in the gzipped bytes) cover the maps, so a build in /tmp or in another
 * checkout's depth gave chunks other names and the sizes moved by a few bytes. Beside dist/ every build of
 * the same sources gives the same bytes as the one `pnpm build` ships.
 */
export async function buildAside(prefix = '.bundle-') {
  const outdir = await mkdtemp(path.join(here, prefix));
  try {
    const metafile = await buildBundle(outdir);
    const files = new Map();
    for (const file of Object.keys(metafile.outputs)) files.set(path.relative(outdir, path.resolve(here, file)), await readFile(path.resolve(here, file)));
    return { outdir, metafile, files };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/**
 * The bundle's groups: (a) initial load, the entry and what it imports statically; (b) the full call path,
 * (a) plus everything a call pulls in with import() and the two largest phone metadata zones (a call
 * needs at most two: the page's country and the dialled number's; docs/adr/0022), the worst case; the
 * same path with zone 1 only and with every zone; (c) the history list's data layer; (d) the wrap-up, which
 * loads once a call has ended (docs/adr/0095), so it is on neither (a) nor (b).
 */
export function measure({ metafile, outdir, files }) {
  const outputs = metafile.outputs;
  const rel = (file) => path.relative(outdir, path.resolve(here, file));
  const byRel = new Map(Object.keys(outputs).map((k) => [rel(k), k]));
  const entry = Object.keys(outputs).find((k) => outputs[k].entryPoint?.endsWith('src/sw-dialer.ts'));
  const closure = (start, follow) => {
    const seen = new Set();
    const visit = (file) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const imp of outputs[file].imports ?? []) if (!imp.external && follow(imp)) visit(byRel.get(rel(imp.path)) ?? imp.path);
    };
    visit(start);
    return seen;
  };
  // A language other than English (src/i18n/<lang>.ts, `de.ts`, `pt-BR.ts`): fetched only by a page in that language, so outside
  // the English call path; reported on its own line (docs/adr/0105).
  const isLocale = (file) => Object.keys(outputs[file]?.inputs ?? {}).some((input) => /src[\\/]i18n[\\/](?!en\.ts)[a-z]{2,3}(-[A-Z]{2})?\.ts$/.test(input));
  // Opt-in features a call does not need (`<sw-dialer toasts>`), loaded when a page turns them on.
  const isOptIn = (file) => Object.keys(outputs[file]?.inputs ?? {}).some((input) => /src[\\/]elements[\\/]sw-toasts[\\/]/.test(input));
  // Another tab's call, shown here (docs/adr/0125): loaded when a call is heard from another tab, never on the
  // way of this tab's own call (whose owner-side publisher, src/tabs/call-publisher.ts, is in the initial load).
  const isMirror = (file) => Object.keys(outputs[file]?.inputs ?? {}).some((input) => /src[\\/]tabs[\\/]call-mirror\.ts$/.test(input));
  const isHistory = (file) => Object.keys(outputs[file]?.inputs ?? {}).some((input) => /history-(data|view)\.ts$/.test(input));
  const isWrapUp = (file) => Object.keys(outputs[file]?.inputs ?? {}).some((input) => input.endsWith('wrap-up-flow.ts'));
  // Incoming calls load when a widget goes online (docs/adr/0100): never on an outbound call's path.
  const isInbound = (file) => Object.keys(outputs[file]?.inputs ?? {}).some((input) => input.includes('src/inbound/'));
  // Loaded on first use of a feature a call does not need (the audio settings, docs/adr/0111).
  // A module both loaded on demand and imported by another on-demand chunk gets a facade chunk of no input
  // of its own that re-exports it: on demand too.
  const isOnDemand = (file) => {
    const inputs = Object.keys(outputs[file]?.inputs ?? {});
    if (inputs.length === 0) return (outputs[file]?.imports ?? []).some((imp) => imp.kind === 'import-statement' && isOnDemandCode(byRel.get(rel(imp.path))));
    return isOnDemandCode(file);
  };
  const isOnDemandCode = (file) => Object.keys(outputs[file]?.inputs ?? {}).some((input) => /src\/(devices\/|elements\/sw-device-settings\/)/.test(input));
  const zoneOf = (file) =>
    Object.keys(outputs[file]?.inputs ?? {})
      .map((input) => /^sw-phone-metadata:zone-(\d)$/.exec(input)?.[1])
      .find(Boolean);
  const dynamicTo = (test) => (imp) => imp.kind === 'import-statement' || (imp.kind === 'dynamic-import' && test(byRel.get(rel(imp.path))));
  const initial = closure(entry, (imp) => imp.kind === 'import-statement');
  const callPathNoZones = closure(
    entry,
    dynamicTo((f) => !isHistory(f) && !isWrapUp(f) && !zoneOf(f) && !isInbound(f) && !isLocale(f) && !isOptIn(f) && !isOnDemand(f) && !isMirror(f))
  );
  const everything = [...closure(entry, () => true)];
  const zoneFiles = everything.filter((f) => zoneOf(f));
  const locales = everything.filter((f) => isLocale(f));
  const onDemand = new Set(everything.filter((f) => !callPathNoZones.has(f) && isOnDemand(f)));
  const mirror = new Set(everything.filter((f) => !callPathNoZones.has(f) && isMirror(f)));
  const offPath = everything.filter((f) => !callPathNoZones.has(f) && !zoneOf(f) && !isLocale(f) && !isOptIn(f) && !onDemand.has(f) && !mirror.has(f));
  const wrapUpEntry = offPath.find(isWrapUp);
  const wrapUp = wrapUpEntry ? new Set([...closure(wrapUpEntry, () => true)].filter((f) => offPath.includes(f))) : new Set();
  const inbound = new Set(offPath.filter((f) => isInbound(f)));
  const history = new Set(offPath.filter((f) => !wrapUp.has(f) && !inbound.has(f)));
  const sizes = new Map();
  for (const file of Object.keys(outputs).filter((f) => f.endsWith('.js'))) {
    const bytes = files.get(rel(file));
    sizes.set(file, { min: bytes.length, gz: gzipSync(bytes, { level: 9 }).length });
  }
  const sum = (group) => [...group].reduce((acc, f) => ({ min: acc.min + sizes.get(f).min, gz: acc.gz + sizes.get(f).gz }), { min: 0, gz: 0 });
  // Ties broken by name, so that the worst case never depends on the order esbuild lists its outputs in.
  const byZoneSize = [...zoneFiles].sort((a, b) => sizes.get(b).gz - sizes.get(a).gz || zoneOf(a) - zoneOf(b));
  const groups = {
    initial,
    callPath: new Set([...callPathNoZones, ...byZoneSize.slice(0, 2)]),
    zoneOneOnly: new Set([...callPathNoZones, ...zoneFiles.filter((f) => zoneOf(f) === '1')]),
    allZones: new Set([...callPathNoZones, ...zoneFiles]),
    history,
    wrapUp,
    inbound,
    // The largest language chunk: what a page in another language fetches beyond the English call path.
    toasts: new Set(everything.filter((f) => isOptIn(f))),
    largestLanguage: new Set(locales.sort((a, b) => sizes.get(b).gz - sizes.get(a).gz).slice(0, 1)),
    onDemand,
    mirror
  };
  const totals = Object.fromEntries(Object.entries(groups).map(([name, group]) => [name, { files: group.size, ...sum(group) }]));
  const classicZod = Object.entries(outputs)
    .filter(([, o]) => Object.keys(o.inputs).some((input) => /[\\/]zod[\\/]v4[\\/]classic[\\/]/.test(input)))
    .map(([f]) => path.basename(f));
  return { totals, sizes, zoneFiles, zoneOf, classicZod };
}
