// THIRD-PARTY.txt: the licence of every npm package whose code a build bundles (MIT and BSD ask that their notice
// travels with copies; docs/adr/0090), read from esbuild's metafile: each input under node_modules belongs to the
// nearest package.json above it. A bundled package without a licence fails the build rather than ship unlisted.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

async function packageRootOf(file) {
  let dir = path.dirname(file);
  while (dir.includes('node_modules')) {
    try {
      const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
      if (manifest.name && manifest.version) return { dir, manifest };
    } catch {
      // no package.json here: a folder inside the package
    }
    dir = path.dirname(dir);
  }
  return undefined;
}

async function licenceText(dir) {
  const names = (await readdir(dir)).filter((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
  return names.length ? (await readFile(path.join(dir, names[0]), 'utf8')).trim() : undefined;
}

export async function thirdPartyNotices(metafile, what) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    if (!input.includes('node_modules')) continue;
    const found = await packageRootOf(path.resolve(here, input.replace(/^[\w-]+:/, '')));
    if (found) packages.set(`${found.manifest.name}@${found.manifest.version}`, found);
  }
  const sections = [];
  for (const [id, { dir, manifest }] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
    const licence = typeof manifest.license === 'string' ? manifest.license : manifest.license?.type;
    if (!licence) throw new Error(`${id} is bundled but declares no licence`);
    const text = await licenceText(dir);
    sections.push(
      `${id} (${licence})${manifest.repository ? `\n${typeof manifest.repository === 'string' ? manifest.repository : manifest.repository.url}` : ''}\n\n${text ?? `Licensed under ${licence}; the package ships no licence file.`}`
    );
  }
  return `Third-party software bundled in ${what} of @sw-dialer/elements, with its licences.\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
}
