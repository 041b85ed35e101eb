import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import t from 'tap';

// The README's request-path map and "where a change goes" table are only useful while they name real files.
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(path.join(PACKAGE_DIR, 'README.md'), 'utf8');

/** Every path the README names (`src/...`, `test/...`, `../../...`, `packages/...`), in code spans or the map. */
function namedPaths(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:^|[\s`(])((?:\.\.\/\.\.\/|packages\/|src\/|test\/)[A-Za-z0-9_./-]*[A-Za-z0-9_/-])/gm)) found.add(match[1] as string);
  return [...found];
}

t.test('the README names files and folders that exist', async (t) => {
  const paths = namedPaths(readme);
  t.ok(paths.length >= 20, `the map and the table name paths (${paths.length} found)`);
  for (const named of paths) {
    // `packages/...` is written from the repository's root, everything else from this package.
    const resolved = named.startsWith('packages/') ? path.resolve(PACKAGE_DIR, '../..', named) : path.resolve(PACKAGE_DIR, named);
    t.ok(existsSync(resolved), `${named} exists`);
  }
});

t.test('the path reader finds what the map names, and a missing file would fail', async (t) => {
  const sample = 'x `src/app.ts` and\n └ src/services/calls.service.ts   text\n`../../docs/api.md` `packages/shared-types/src/x.ts` `src/nope/missing.ts`';
  t.same(namedPaths(sample), ['src/app.ts', 'src/services/calls.service.ts', '../../docs/api.md', 'packages/shared-types/src/x.ts', 'src/nope/missing.ts']);
  t.notOk(existsSync(path.resolve(PACKAGE_DIR, 'src/nope/missing.ts')));
});
