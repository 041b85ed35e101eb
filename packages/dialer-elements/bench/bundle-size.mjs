#!/usr/bin/env node
// Bundle cost of the widget, minified + gzipped, from the production build (scripts/build.mjs), measured by
// scripts/bundle-budget.mjs (which test/bundle/bundle-budget.test.ts also runs, so `pnpm test` fails over budget):
//  (a) initial load: the entry and the chunks it imports statically: what a page downloads before anyone
//      focuses or clicks the dialer (budget ≤ 25 KB);
//  (b) full call path: (a) plus everything a call pulls in on demand: the call engine (xstate, API
//      client, outbox), the phone parser, valibot, the part of @signalwire/js the Call Fabric client uses,
//      and the phone metadata a call needs: the metadata is split by world numbering zone (docs/adr/0022)
//      and a call needs at most two zones (the page's default country and the dialled number), so (b)
//      counts the two largest zone chunks: the worst case (budget ≤ 125 KB). The same path with zone 1 only
//      (+1 numbers from a US page) and with every zone (the whole metadata) are printed below it;
//  (c) the history list's data layer, reported apart because it is not on the call path;
//  (d) the wrap-up (disposition and notes), loaded once a call has ended, and incoming calls, loaded when a
//      widget goes online: on neither (a) nor (b);
//  (e) the largest catalogue of a language other than English (src/i18n/), fetched only by pages in it;
//  (f) the opt-in toasts (`<sw-dialer toasts>`), fetched only by pages that turn them on;
//  (g) another tab's call shown here (docs/adr/0125), fetched when a call is first heard from another tab.
// Prints a table and JSON, and exits non-zero over budget or if classic zod (docs/adr/0021) is in any chunk.
import path from 'node:path';
import { BUDGETS, buildAside, measure } from '../scripts/bundle-budget.mjs';

const build = await buildAside('.bundle-size-');
const { totals, sizes, zoneFiles, zoneOf, classicZod } = measure(build);
const outputs = build.metafile.outputs;
const kb = (n) => (n / 1024).toFixed(1);
const describe = (file) => {
  const top = Object.entries(outputs[file].inputs)
    .map(([input, v]) => [
      input.includes('node_modules')
        ? input
            .replace(/.*node_modules\//, '')
            .split('/')
            .slice(0, input.includes('/@') ? 2 : 1)
            .join('/')
        : 'src',
      v.bytesInOutput
    ])
    .reduce((acc, [name, bytes]) => acc.set(name, (acc.get(name) ?? 0) + bytes), new Map());
  return [...top]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([n, b]) => `${n} ${kb(b)}K`)
    .join(', ');
};

const rows = [
  ['(a) initial load', totals.initial, BUDGETS.initial],
  ['(b) full call path', totals.callPath, BUDGETS.callPath],
  ['    … +1 numbers only', totals.zoneOneOnly, null],
  ['    … all nine zones', totals.allZones, null],
  ['(c) history data (extra)', totals.history, null],
  ['(d) wrap-up, after a call (extra)', totals.wrapUp, null],
  ['(d) incoming calls (extra)', totals.inbound, null],
  ['(d) audio settings, on demand (extra)', totals.onDemand, null],
  ['(e) another language (extra)', totals.largestLanguage, null],
  ['(f) toasts (opt-in, extra)', totals.toasts, null],
  ["(g) another tab's call (extra)", totals.mirror, null]
];
process.stdout.write('bundle                      files   min KB   min+gz KB   gz bytes   budget\n');
const report = {};
for (const [label, total, budget] of rows) {
  const within = budget === null ? null : total.gz <= budget;
  if (within === false) process.exitCode = 1;
  report[label] = { files: total.files, minBytes: total.min, gzipBytes: total.gz, budgetBytes: budget, withinBudget: within };
  process.stdout.write(
    `${label.padEnd(27)} ${String(total.files).padStart(5)} ${kb(total.min).padStart(8)} ${kb(total.gz).padStart(11)} ${String(total.gz).padStart(10)}   ${budget === null ? '-' : `≤ ${budget}${within ? ' ok' : ' OVER'}`}\n`
  );
}
process.stdout.write('\nper file (min+gz KB: largest inputs by minified bytes)\n');
for (const [file, size] of [...sizes].sort((a, b) => b[1].gz - a[1].gz || a[0].localeCompare(b[0]))) {
  process.stdout.write(`  ${kb(size.gz).padStart(6)}  ${path.basename(file).padEnd(30)} ${describe(file)}\n`);
}
process.stdout.write(
  `\nphone metadata zones (min+gz KB): ${[...zoneFiles]
    .sort((a, b) => zoneOf(a) - zoneOf(b))
    .map((f) => `${zoneOf(f)}: ${kb(sizes.get(f).gz)}`)
    .join(', ')}\n`
);
process.stdout.write(`classic zod in the bundle: ${classicZod.length ? `YES, in ${classicZod.join(', ')}` : 'none'}\n`);
if (classicZod.length) process.exitCode = 1;
report.classicZod = classicZod.length > 0;
process.stdout.write(`\n${JSON.stringify(report)}\n`);
