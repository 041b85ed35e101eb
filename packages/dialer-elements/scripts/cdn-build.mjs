// The versioned CDN build (docs/adr/0093): dist/cdn/<version>/ holds the one-script-tag entry `sw-dialer.js`
// (it defines every element) and its chunks, which it imports by relative URL, so the folder works from any
// origin; `sri.json` gives the entry's Subresource Integrity hash for `<script type="module" integrity>`, and
// THIRD-PARTY.txt the licences of everything bundled (Lit, xstate, the SDK... all inside this build).
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildBundle } from './build.mjs';
import { thirdPartyNotices } from './third-party.mjs';

export async function buildCdn(outdir) {
  // The same bytes as the demo's dist/ and the size benchmark (build.mjs): what the budgets measure is what ships.
  const metafile = await buildBundle(outdir, { sourcemap: false });
  const entry = await readFile(path.join(outdir, 'sw-dialer.js'));
  const integrity = `sha384-${createHash('sha384').update(entry).digest('base64')}`;
  await writeFile(path.join(outdir, 'sri.json'), `${JSON.stringify({ 'sw-dialer.js': integrity }, null, 2)}\n`);
  await writeFile(path.join(outdir, 'THIRD-PARTY.txt'), await thirdPartyNotices(metafile, 'the CDN build (dist/cdn)'));
  return { integrity };
}
