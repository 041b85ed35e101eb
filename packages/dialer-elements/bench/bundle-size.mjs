#!/usr/bin/env node
// Bundle cost of the widget, minified + gzipped, from the production build (scripts/build.mjs):
//  (a) initial load: the entry and the chunks it imports statically: what a page downloads before anyone
//      focuses or clicks the dialer (target ≤ 25 KB);
//  (b) full call path: (a) plus everything a call pulls in on demand: the call engine (xstate, API
//      client, outbox), the phone parser, zod/mini, @signalwire/js, and the phone metadata a call needs:
//      the metadata is split by world numbering zone (docs/adr/0022) and a call needs at most two zones
//      (the page's default country and the dialled number), so (b) counts the two largest zone chunks:
//      the worst case (target ≤ 130 KB). The same path with zone 1 only (+1 numbers from a US page) and
//      with every zone (the whole metadata) are printed below it;
//  (c) the history list's data layer, reported apart because it is not on the call path.
// Each file is gzipped on its own (level 9), as a browser would fetch it. Prints a table and JSON, and
// exits non-zero if classic zod (which the browser must not carry: docs/adr/0021) is in any chunk.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildBundle } from '../scripts/build.mjs';

const outdir = await mkdtemp(path.join(tmpdir(), 'sw-dialer-bench-'));
try {
  const metafile = await buildBundle(outdir);
  const outputs = metafile.outputs;
  const key = (file) => Object.keys(outputs).find((k) => path.resolve(k) === path.resolve(file));
  const entry = Object.keys(outputs).find((k) => outputs[k].entryPoint?.endsWith('src/sw-dialer.ts'));

  function closure(start, follow) {
    const seen = new Set();
    const visit = (file) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const imp of outputs[file].imports ?? []) {
        if (imp.external || !follow(imp)) continue;
        visit(key(imp.path) ?? imp.path);
      }
    };
    visit(start);
    return seen;
  }

  const isHistory = (file) => Object.keys(outputs[file]?.inputs ?? {}).some((input) => input.endsWith('history-data.ts'));
  const zoneOf = (file) => Object.keys(outputs[file]?.inputs ?? {}).map((input) => /^sw-phone-metadata:zone-(\d)$/.exec(input)?.[1]).find(Boolean);
  const initial = closure(entry, (imp) => imp.kind === 'import-statement');
  const callPathNoZones = closure(entry, (imp) => imp.kind === 'import-statement' || (imp.kind === 'dynamic-import' && !isHistory(key(imp.path)) && !zoneOf(key(imp.path))));
  const zoneFiles = [...closure(entry, () => true)].filter((f) => zoneOf(f));
  const history = new Set([...closure(entry, () => true)].filter((f) => !callPathNoZones.has(f) && !zoneOf(f)));

  const sizes = new Map();
  for (const file of Object.keys(outputs).filter((f) => f.endsWith('.js'))) {
    const bytes = await readFile(file);
    sizes.set(file, { min: bytes.length, gz: gzipSync(bytes, { level: 9 }).length });
  }
  const sum = (files) => [...files].reduce((acc, f) => ({ min: acc.min + sizes.get(f).min, gz: acc.gz + sizes.get(f).gz }), { min: 0, gz: 0 });
  const kb = (n) => (n / 1024).toFixed(1);
  const describe = (file) => {
    const top = Object.entries(outputs[file].inputs)
      .map(([input, v]) => [input.includes('node_modules') ? input.replace(/.*node_modules\//, '').split('/').slice(0, input.includes('/@') ? 2 : 1).join('/') : 'src', v.bytesInOutput])
      .reduce((acc, [name, bytes]) => acc.set(name, (acc.get(name) ?? 0) + bytes), new Map());
    return [...top].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([n, b]) => `${n} ${kb(b)}K`).join(', ');
  };

  const byZoneSize = [...zoneFiles].sort((a, b) => sizes.get(b).gz - sizes.get(a).gz);
  const callPath = new Set([...callPathNoZones, ...byZoneSize.slice(0, 2)]);
  const rows = [
    ['(a) initial load', initial, 25],
    ['(b) full call path', callPath, 130],
    ['    … +1 numbers only', new Set([...callPathNoZones, ...zoneFiles.filter((f) => zoneOf(f) === '1')]), null],
    ['    … all nine zones', new Set([...callPathNoZones, ...zoneFiles]), null],
    ['(c) history data (extra)', history, null]
  ];
  process.stdout.write('bundle                      files   min KB   min+gz KB   target\n');
  const report = {};
  for (const [label, files, target] of rows) {
    const total = sum(files);
    report[label] = { files: files.size, minBytes: total.min, gzipBytes: total.gz, targetKB: target, withinTarget: target === null ? null : total.gz / 1024 <= target };
    process.stdout.write(`${label.padEnd(27)} ${String(files.size).padStart(5)} ${kb(total.min).padStart(8)} ${kb(total.gz).padStart(11)}   ${target === null ? '-' : `≤ ${target}${total.gz / 1024 <= target ? ' ok' : ' OVER'}`}\n`);
  }
  process.stdout.write('\nper file (min+gz KB: largest inputs by minified bytes)\n');
  for (const [file, size] of [...sizes].sort((a, b) => b[1].gz - a[1].gz)) {
    process.stdout.write(`  ${kb(size.gz).padStart(6)}  ${path.basename(file).padEnd(28)} ${describe(file)}\n`);
  }
  process.stdout.write(`\nphone metadata zones (min+gz KB): ${[...zoneFiles].sort((a, b) => zoneOf(a) - zoneOf(b)).map((f) => `${zoneOf(f)}: ${kb(sizes.get(f).gz)}`).join(', ')}\n`);
  const classicZod = Object.entries(outputs).filter(([, o]) => Object.keys(o.inputs).some((input) => /[\\/]zod[\\/]v4[\\/]classic[\\/]/.test(input)));
  process.stdout.write(`classic zod in the bundle: ${classicZod.length ? `YES, in ${classicZod.map(([f]) => path.basename(f)).join(', ')}` : 'none'}\n`);
  if (classicZod.length) process.exitCode = 1;
  report.classicZod = classicZod.length > 0;
  process.stdout.write(`\n${JSON.stringify(report)}\n`);
} finally {
  await rm(outdir, { recursive: true, force: true });
}
