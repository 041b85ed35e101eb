#!/usr/bin/env node
// custom-elements.json from the elements' JSDoc (@tag @summary @fires @csspart @cssprop; docs/adr/0093).
// `node scripts/manifest.mjs` writes it (the package build runs it too); `--check` exits 1 when the committed file
// differs from a fresh analysis (test/package/manifest.test.ts runs that in `pnpm test`). The analyzer lists
// modules in the file system's order, which differs between machines, so they are sorted by path.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const MANIFEST = path.join(here, 'custom-elements.json');

/** A fresh analysis of src/elements, as the text custom-elements.json should hold. */
export async function freshManifest() {
  const outdir = await mkdtemp(path.join(here, '.manifest-'));
  try {
    const cli = path.join(here, 'node_modules', '@custom-elements-manifest', 'analyzer', 'cem.js');
    execFileSync(process.execPath, [cli, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', path.relative(here, outdir), '--quiet'], {
      cwd: here,
      stdio: ['ignore', 'ignore', 'inherit']
    });
    const manifest = JSON.parse(await readFile(path.join(outdir, 'custom-elements.json'), 'utf8'));
    manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
    return `${JSON.stringify(manifest, null, 2)}\n`;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fresh = await freshManifest();
  if (process.argv.includes('--check')) {
    const committed = await readFile(MANIFEST, 'utf8');
    if (committed !== fresh) {
      process.stderr.write('custom-elements.json is out of date: run `pnpm manifest` in packages/dialer-elements and commit it\n');
      process.exit(1);
    }
    process.stdout.write('custom-elements.json is up to date\n');
  } else {
    await writeFile(MANIFEST, fresh);
    process.stdout.write('wrote custom-elements.json\n');
  }
}
