// The README's call-path map and "where a change goes" table name files that exist (issue 16).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]
  );
}

t.test('every path the README names exists', async (t) => {
  const paths = [...new Set(readme.match(/\b(?:src|test)\/[\w./-]+\.(?:ts|mjs)\b/g) ?? [])];
  t.ok(paths.length >= 15, `${paths.length} paths named`);
  for (const named of paths) t.ok(existsSync(path.join(root, named)), named);
  const adrs = [...new Set(readme.match(/docs\/adr\/\d{4}/g) ?? [])];
  const adrFiles = readdirSync(path.join(root, '../../docs/adr'));
  for (const adr of adrs)
    t.ok(
      adrFiles.some((file) => file.startsWith(path.basename(adr))),
      adr
    );
});

t.test('every bare file name in the map is a file of src/', async (t) => {
  const sources = new Set(filesUnder(path.join(root, 'src')).map((file) => path.basename(file)));
  const bare = [...new Set(readme.match(/(?<![\w/.-])[\w-]+\.(?:ts|mjs)\b/g) ?? [])].filter((name) => !name.endsWith('.mjs'));
  t.ok(bare.length > 0);
  for (const name of bare) t.ok(sources.has(name), name);
});
