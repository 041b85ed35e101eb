#!/usr/bin/env node
// The npm package's files (docs/adr/0092), built by `pnpm build:package` (and `pnpm pack`'s prepack):
//  - dist/esm/: the library, compiled ESM. `index.js` registers nothing; `define.js` registers the tags. Lit and
//    xstate stay bare imports (dependencies, shared with the host app); everything else is bundled in, already
//    trimmed, so that a consumer's bundler (Vite/Rollup, esbuild, webpack) gets the size work without our
//    plugins: the phone metadata split by zone as real chunk files, zod without its locales, the SignalWire SDK's
//    Call Fabric slice (signalwire-pure.mjs), shared-types' contracts, and the lazy chunks as real import()s;
//  - dist/types/: the .d.ts files of src/ and of shared-types (whose bare imports are rewritten to relative
//    paths, so no unpublished workspace package is needed);
//  - dist/cdn/<version>/: the one-script-tag build, with sri.json and THIRD-PARTY.txt (cdn-build.mjs);
//  - THIRD-PARTY.txt: the licences of what dist/esm bundles.
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { dropZodLocales, sharedTypesSideEffectFree } from './build.mjs';
import { buildCdn } from './cdn-build.mjs';
import { MANIFEST, freshManifest } from './manifest.mjs';
import { phoneZonesEsbuild } from './phone-zones.mjs';
import { signalWirePure } from './signalwire-pure.mjs';
import { thirdPartyNotices } from './third-party.mjs';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** Left to the host's bundler (and deduplicated with the host's own copies): the package's `dependencies`. */
export const EXTERNAL = ['lit', 'lit/*', '@lit/*', 'xstate'];

/** dist/esm: the library entries and their chunks. Returns esbuild's metafile. */
export async function buildEsm(outdir = path.join(here, 'dist', 'esm')) {
  const result = await build({
    absWorkingDir: here,
    entryPoints: { index: 'src/index.ts', define: 'src/define.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Not minified: the host's bundler minifies, and readable code is easier to debug in an app. Tree-shaking
    // (the SDK slice, zod, the metadata shell) happens here all the same.
    minify: false,
    metafile: true,
    legalComments: 'none',
    external: EXTERNAL,
    // The zone chunks keep their name (zone-1 ... zone-9), the others are named by what esbuild calls them.
    chunkNames: 'chunks/[name]-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [dropZodLocales, sharedTypesSideEffectFree, phoneZonesEsbuild, signalWirePure],
    logLevel: 'warning'
  });
  return result.metafile;
}

/** dist/types: declarations of src/ (tests left out) and of the shared-types modules they reach. */
export async function buildTypes(outdir = path.join(here, 'dist', 'types')) {
  const scratch = path.join(here, '.types-build');
  await rm(scratch, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(here, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: here, stdio: 'inherit' });
  await rm(outdir, { recursive: true, force: true });
  await mkdir(path.dirname(outdir), { recursive: true });
  await rename(path.join(scratch, 'dialer-elements', 'src'), outdir);
  await rename(path.join(scratch, 'shared-types', 'src'), path.join(outdir, 'shared-types'));
  await rm(scratch, { recursive: true, force: true });
  // The framework typings (React JSX, Vue GlobalComponents) are hand-written: tsc cannot emit an augmentation of a
  // module ('react', 'vue') this package does not depend on.
  for (const name of await readdir(path.join(here, 'frameworks'))) await copyFile(path.join(here, 'frameworks', name), path.join(outdir, name));
  for (const entry of await readdir(outdir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const source = await readFile(file, 'utf8');
    const rewritten = source.replace(/(['"])@sw-dialer\/shared-types(\/[\w-]+)?\1/g, (_, quote, sub) => {
      let relative = path
        .relative(path.dirname(file), path.join(outdir, 'shared-types', `${sub ? sub.slice(1) : 'index'}.js`))
        .split(path.sep)
        .join('/');
      if (!relative.startsWith('.')) relative = `./${relative}`;
      return `${quote}${relative}${quote}`;
    });
    if (rewritten !== source) await writeFile(file, rewritten);
  }
}

export async function buildPackage() {
  const dist = path.join(here, 'dist');
  await rm(path.join(dist, 'esm'), { recursive: true, force: true });
  const metafile = await buildEsm();
  await buildTypes();
  const { version } = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));
  await rm(path.join(dist, 'cdn'), { recursive: true, force: true });
  await buildCdn(path.join(dist, 'cdn', version));
  await writeFile(path.join(here, 'THIRD-PARTY.txt'), await thirdPartyNotices(metafile, 'the npm package (dist/esm)'));
  await writeFile(MANIFEST, await freshManifest());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildPackage();
  process.stdout.write('built dist/esm, dist/types, dist/cdn, THIRD-PARTY.txt and custom-elements.json\n');
}
