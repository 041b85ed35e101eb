#!/usr/bin/env node
// Production bundle: `dist/sw-dialer.js` is the one-script-tag entry (it defines every element); the call
// engine, the phone metadata, the history data layer and the SignalWire SDK are split into chunks that
// load on first use. Writes dist/meta.json for the size benchmark.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * zod 4's `z` namespace re-exports every locale (`z.locales`), and esbuild cannot tree-shake a namespace
 * reached through a re-export, so ~260 KB of translations (about 60 KB gzipped) would ship although only
 * English is used (classic/schemas.js imports `locales/en.js` directly). This swaps `z.locales` and `z.core.locales`
 * for empty namespaces. Nothing in this repository calls `z.locales`. See docs/adr/0013.
 */
export const dropZodLocales = {
  name: 'drop-zod-locales',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.js$/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty-zod-locales' } : undefined
    );
    builder.onLoad({ filter: /.*/, namespace: 'empty-zod-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  }
};

export async function buildBundle(outdir = path.join(here, 'dist')) {
  const result = await build({
    absWorkingDir: here,
    entryPoints: { 'sw-dialer': 'src/sw-dialer.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    chunkNames: 'chunks/[name]-[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [dropZodLocales],
    logLevel: 'warning'
  });
  await writeFile(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const metafile = await buildBundle();
  const files = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.js'));
  process.stdout.write(`built ${files.length} files into dist/\n`);
}
