#!/usr/bin/env node
// `pnpm --filter @sw-dialer/api build`: the production build (docs/adr/0062). esbuild bundles the API's own
// code and the workspace packages it imports (shared-types ships TypeScript source) into dist/*.js; every
// registry dependency stays an import, installed by `pnpm deploy --prod`. The migrations are compiled file by
// file into dist/migrations/, where the bundle's migrator looks first. Type-checking is `pnpm typecheck`.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const apiDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const rootDir = path.resolve(apiDir, '../..');
// `--outdir DIR` (tests build a private copy; it must stay inside packages/api to resolve node_modules).
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag === -1 ? path.join(apiDir, 'dist') : path.resolve(process.argv[outdirFlag + 1]);
const manifest = JSON.parse(readFileSync(path.join(apiDir, 'package.json'), 'utf8'));
const common = { platform: 'node', format: 'esm', target: 'node20.19', sourcemap: true, logLevel: 'warning' };

rmSync(outdir, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: ['server', 'migrate', 'reseal-metadata'].map((name) => path.join(apiDir, 'src', `${name}.ts`)),
  outdir,
  bundle: true,
  // Registry packages (and their sub-paths) are resolved at run time from node_modules; workspace ones are bundled.
  external: Object.keys(manifest.dependencies),
  // Bundled CommonJS helpers may call require(); ESM has none unless we make one.
  banner: { js: "import { createRequire as __swCreateRequire } from 'node:module'; const require = __swCreateRequire(import.meta.url);" }
});
const migrationsDir = path.join(rootDir, 'migrations');
await build({
  ...common,
  entryPoints: readdirSync(migrationsDir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(migrationsDir, file)),
  outdir: path.join(outdir, 'migrations')
});
process.stdout.write(`built ${path.relative(process.cwd(), outdir) || 'dist'}\n`);
