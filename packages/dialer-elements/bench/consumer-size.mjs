#!/usr/bin/env node
// The widget's bytes as a host app's bundler ships them (issue 18, docs/adr/0094), beside our own build's:
// `pnpm pack`s @sw-dialer/elements, installs the tarball with npm into a plain Vite app in a temp folder outside
// the workspace (one `import '@sw-dialer/elements/define'`), builds it with Vite's defaults and measures its
// chunks the way scripts/bundle-budget.mjs measures ours (each file gzipped at level 9): (a) the initial load,
// the entry and its static imports; (b) the full call path, (a) plus every chunk reached through import() but the
// history data and the phone zones, plus the two largest zones. Budgets: 25 KiB and 130 KiB (issue 18).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { BUDGETS, buildAside, measure } from '../scripts/bundle-budget.mjs';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const CONSUMER_BUDGETS = { initial: 25 * 1024, callPath: 130 * 1024 };

const run = (command, args, cwd) => execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 26 });

export async function measureViteConsumer() {
  const work = await mkdtemp(path.join(tmpdir(), 'sw-dialer-vite-consumer-'));
  try {
    run('pnpm', ['pack', '--pack-destination', work], here);
    const { version } = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));
    const app = path.join(work, 'app');
    execFileSync('mkdir', ['-p', path.join(app, 'src')]);
    await writeFile(
      path.join(app, 'package.json'),
      JSON.stringify({
        name: 'vite-consumer',
        private: true,
        type: 'module',
        license: 'MIT',
        dependencies: { vite: '^7.3.0', '@sw-dialer/elements': `file:${path.join(work, `sw-dialer-elements-${version}.tgz`)}` }
      })
    );
    await writeFile(
      path.join(app, 'index.html'),
      '<!doctype html><html><body><sw-dialer></sw-dialer><script type="module" src="/src/main.js"></script></body></html>\n'
    );
    await writeFile(path.join(app, 'src', 'main.js'), "import '@sw-dialer/elements/define';\n");
    await writeFile(path.join(app, 'vite.config.mjs'), 'export default { build: { manifest: true, target: "es2022" } };\n');
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
    run(process.execPath, [path.join(app, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], app);
    const dist = path.join(app, 'dist');
    const manifest = JSON.parse(await readFile(path.join(dist, '.vite', 'manifest.json'), 'utf8'));
    const gz = async (file) => gzipSync(await readFile(path.join(dist, file)), { level: 9 }).length;
    const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
    const closure = (start, followDynamic) => {
      const seen = new Set();
      const visit = (key) => {
        if (seen.has(key)) return;
        seen.add(key);
        for (const next of manifest[key].imports ?? []) visit(next);
        for (const next of manifest[key].dynamicImports ?? []) if (followDynamic(next)) visit(next);
      };
      visit(start);
      return seen;
    };
    const isZone = (key) => /zone-\d-/.test(manifest[key].file);
    const isHistory = (key) => /history-data-/.test(manifest[key].file);
    const initial = closure(entry, () => false);
    const noZones = closure(entry, (key) => !isZone(key) && !isHistory(key));
    const zones = Object.keys(manifest).filter(isZone);
    const sizes = new Map(await Promise.all(Object.keys(manifest).map(async (key) => [key, await gz(manifest[key].file)])));
    const twoLargestZones = zones.sort((a, b) => sizes.get(b) - sizes.get(a)).slice(0, 2);
    const sum = (keys) => [...keys].reduce((total, key) => total + sizes.get(key), 0);
    const callPath = new Set([...noZones, ...twoLargestZones]);
    return { initial: { files: initial.size, gz: sum(initial) }, callPath: { files: callPath.size, gz: sum(callPath) }, zones: zones.length };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ours = measure(await buildAside('.bundle-consumer-')).totals;
  const vite = await measureViteConsumer();
  const kb = (n) => (n / 1024).toFixed(1);
  process.stdout.write('\nour build vs a Vite consumer of the npm package (min+gz KiB, gz bytes)\n');
  process.stdout.write('                        our build            Vite consumer        budget (ours / consumer)\n');
  const rows = [
    ['(a) initial load', ours.initial, vite.initial, BUDGETS.initial, CONSUMER_BUDGETS.initial],
    ['(b) full call path', ours.callPath, vite.callPath, BUDGETS.callPath, CONSUMER_BUDGETS.callPath]
  ];
  const report = {};
  for (const [label, a, b, budgetOurs, budgetConsumer] of rows) {
    const ok = a.gz <= budgetOurs && b.gz <= budgetConsumer;
    if (!ok) process.exitCode = 1;
    report[label] = { ours: a.gz, viteConsumer: b.gz, budgetOurs, budgetConsumer, withinBudget: ok };
    process.stdout.write(
      `${label.padEnd(22)}  ${kb(a.gz).padStart(6)} ${String(a.gz).padStart(7)} B   ${kb(b.gz).padStart(6)} ${String(b.gz).padStart(7)} B   ≤ ${budgetOurs} / ${budgetConsumer} ${ok ? 'ok' : 'OVER'}\n`
    );
  }
  process.stdout.write(`phone metadata zones in the consumer build: ${vite.zones} separate chunks\n${JSON.stringify(report)}\n`);
  if (vite.zones !== 9) process.exitCode = 1;
}
