import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// A plain JavaScript module of the repository, imported for its one function.
import { buildBundle } from '../../dialer-elements/scripts/build.mjs';

const WIDGET_PACKAGE = fileURLToPath(new URL('../../dialer-elements/', import.meta.url));
const DIST = path.join(WIDGET_PACKAGE, 'dist');
/** The files a page loads first: put in place last, once every chunk they import is there. */
const ENTRY_FILES = new Set(['sw-dialer.js', 'sw-dialer.js.map', 'meta.json']);

/**
 * The widget's production bundle in packages/dialer-elements/dist, which the examples server serves. Every
 * e2e stack builds it (start-stack.ts, and examples-stack.ts through it), and tap runs several test files
 * at once: one file's build must not rewrite a file while another file's browser is loading it. So the
 * bundle is built aside (beside dist, so that the source maps' relative paths are the same), and only files
 * whose content changed are put in place, each by an atomic rename, chunks before the entry that imports
 * them. Chunk names carry their content's hash, so a page that loaded the previous entry finds its chunks.
 */
export async function buildWidgetBundle(): Promise<void> {
  const stagingName = `.dist-staging-${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = path.join(WIDGET_PACKAGE, stagingName);
  try {
    await buildBundle(staging);
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
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
