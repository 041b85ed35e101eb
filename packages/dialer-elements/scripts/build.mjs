#!/usr/bin/env node
// Production bundle: `dist/sw-dialer.js` is the one-script-tag entry (it defines every element); the call
// engine, the phone parser, the history data layer and the SignalWire SDK are split into chunks that
// load on first use, and the phone metadata into one chunk per world numbering zone (docs/adr/0022).
// Writes meta.json for the size benchmark. `pnpm build` runs build-in-place.mjs, which builds into dist/ with this.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { minifyLitCss } from './minify-lit-css.mjs';
import { phoneZonesEsbuild } from './phone-zones.mjs';
import { signalWirePure } from './signalwire-pure.mjs';

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
      /[\\/]zod[\\/]v4[\\/](classic[\\/]external|mini[\\/]external|core[\\/]index)\.js$/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'empty-zod-locales' }
        : undefined
    );
    builder.onLoad({ filter: /.*/, namespace: 'empty-zod-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  }
};

/**
 * shared-types' modules only declare things, but its package.json does not say so, so esbuild keeps every
 * module its index re-exports, classic zod schemas included. Declaring them side-effect free lets the
 * bundle drop the modules the widget does not use; the few schemas in modules it does use are marked
 * `@__PURE__` there. Together they keep classic zod out of the browser (docs/adr/0021; bench/bundle-size.mjs
 * fails if it comes back).
 */
export const sharedTypesSideEffectFree = {
  name: 'shared-types-side-effect-free',
  setup(builder) {
    const inSharedTypes = (file) => /[\\/]shared-types[\\/]src[\\/]/.test(file);
    builder.onResolve({ filter: /^@sw-dialer\/shared-types$|^\.\.?\// }, async (args) => {
      if (args.pluginData?.sharedTypesResolved) return undefined;
      if (args.path !== '@sw-dialer/shared-types' && !inSharedTypes(args.importer)) return undefined;
      const result = await builder.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { sharedTypesResolved: true }
      });
      if (result.errors.length > 0) return { errors: result.errors };
      return { path: result.path, namespace: result.namespace, external: result.external, sideEffects: !inSharedTypes(result.path) && result.sideEffects };
    });
  }
};

/** `sourcemap: false` for the CDN build, which ships no maps (they name the sources' paths on this machine). */
export async function buildBundle(outdir = path.join(here, 'dist'), { sourcemap = 'linked' } = {}) {
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
    sourcemap,
    metafile: true,
    legalComments: 'none',
    // Hash-only names: each import of a chunk spells its path, and the names cost 138 bytes gzipped on the
    // full call path, at its 130 KB budget (docs/adr/0057). The source maps still name every source file.
    chunkNames: 'chunks/[hash]',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [dropZodLocales, sharedTypesSideEffectFree, phoneZonesEsbuild, signalWirePure, minifyLitCss],
    logLevel: 'warning'
  });
  if (sourcemap) await writeFile(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  return result.metafile;
}
