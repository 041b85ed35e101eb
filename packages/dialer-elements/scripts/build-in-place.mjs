// `pnpm build`: the production bundle (build.mjs) into dist/, without a reader ever seeing a half-written
// file: the demo's examples server (or any host) may be serving dist/ while `pnpm build` runs, and the
// end-to-end tests build it from several test files at once while another file's browser is loading it.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle } from './build.mjs';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const DIST = path.join(here, 'dist');
/** The files a page loads first: put in place last, once every chunk they import is there. */
const ENTRY_FILES = new Set(['sw-dialer.js', 'sw-dialer.js.map', 'meta.json']);

/**
 * The bundle is built aside (beside dist, so that the source maps' relative paths are the same), and only
 * files whose content changed are put in place, each by an atomic rename, chunks before the entry that
 * imports them. Chunk names carry their content's hash, so a page that loaded the previous entry still
 * finds its chunks. Resolves with the number of JavaScript files the bundle has.
 */
export async function buildIntoDist() {
  const stagingName = `.dist-staging-${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = path.join(here, stagingName);
  try {
    const metafile = await buildBundle(staging);
    const files = (await readdir(staging, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort((a, b) => Number(ENTRY_FILES.has(path.relative(staging, a))) - Number(ENTRY_FILES.has(path.relative(staging, b))));
    for (const from of files) {
      const to = path.join(DIST, path.relative(staging, from));
      let content = await readFile(from);
      // The build's metafile names its output folder.
      if (path.basename(from) === 'meta.json') content = Buffer.from(content.toString('utf8').replaceAll(`${stagingName}/`, 'dist/'));
      const current = await readFile(to).catch(() => undefined);
      if (current?.equals(content)) continue;
      await mkdir(path.dirname(to), { recursive: true });
      const temporary = `${to}.${process.pid}.tmp`;
      await writeFile(temporary, content);
      await rename(temporary, to);
    }
    return Object.keys(metafile.outputs).filter((file) => file.endsWith('.js')).length;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`built ${await buildIntoDist()} files into dist/\n`);
}
