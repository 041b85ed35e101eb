// What `pnpm pack` puts in the npm tarball of @sw-dialer/elements (docs/adr/0092): the compiled library, its
// declarations, the CDN build, the manifest and the licences; no test, source, script or source map, and no
// workspace reference in its package.json. `pnpm pack` (not `npm pack`) because it rewrites the workspace
// protocol of the (dev) dependencies the way `pnpm publish` does; its prepack builds dist/.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const here = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const out = await mkdtemp(path.join(tmpdir(), 'sw-dialer-pack-'));
t.teardown(() => rm(out, { recursive: true, force: true }));
execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: here, stdio: ['ignore', 'ignore', 'inherit'] });
const { version } = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8')) as { version: string };
const tarball = path.join(out, `sw-dialer-elements-${version}.tgz`);
const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)
  .map((file) => file.replace(/^package\//, ''))
  .sort();
const manifest = JSON.parse(execFileSync('tar', ['xzf', tarball, '-O', 'package/package.json'], { encoding: 'utf8' })) as {
  name: string;
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  sideEffects: string[];
  customElements: string;
};

t.test('the tarball holds what a user needs', async (t) => {
  for (const file of [
    'package.json',
    'README.md',
    'LICENSE',
    'THIRD-PARTY.txt',
    'custom-elements.json',
    'dist/esm/index.js',
    'dist/esm/define.js',
    'dist/types/index.d.ts',
    'dist/types/define.d.ts',
    'dist/types/events/sw-call-ended-event.d.ts',
    'dist/types/shared-types/widget-events.d.ts',
    `dist/cdn/${version}/sw-dialer.js`,
    `dist/cdn/${version}/sri.json`,
    `dist/cdn/${version}/THIRD-PARTY.txt`
  ]) {
    t.ok(files.includes(file), file);
  }
  t.equal(files.filter((file) => /^dist\/esm\/chunks\/zone-\d-/.test(file)).length, 9, 'the nine phone metadata zones are modules of their own');
  t.ok(
    files.some((file) => /^dist\/esm\/chunks\/signalwire-sdk-.*\.js$/.test(file)),
    'the SDK slice is a module of its own'
  );
});

t.test('and nothing else: no tests, sources, scripts, maps or build leftovers', async (t) => {
  const unexpected = files.filter(
    (file) =>
      !/^(package\.json|README\.md|LICENSE|THIRD-PARTY\.txt|custom-elements\.json)$/.test(file) &&
      !/^dist\/esm\/(index|define|chunks\/[\w-]+)\.js$/.test(file) &&
      !/^dist\/types\/[\w/.-]+\.d\.ts$/.test(file) &&
      !new RegExp(`^dist/cdn/${version.replaceAll('.', '\\.')}/(sw-dialer\\.js|chunks/\\w+\\.js|sri\\.json|THIRD-PARTY\\.txt)$`).test(file)
  );
  t.same(unexpected, []);
  t.same(
    files.filter((file) => /\.test\.|\/test\/|^src\/|^scripts\/|\.map$|\.tsbuildinfo$|meta\.json$/.test(file)),
    []
  );
});

t.test('its package.json needs nothing from the workspace', async (t) => {
  t.equal(manifest.name, '@sw-dialer/elements');
  const text = JSON.stringify(manifest);
  t.notMatch(text, /workspace:/, 'no workspace protocol');
  t.notMatch(text, /\.\.\//, 'no path outside the package');
  t.same(Object.keys(manifest.dependencies).sort(), ['libphonenumber-js', 'lit', 'valibot', 'xstate', 'zod']);
  t.notOk('@sw-dialer/shared-types' in manifest.dependencies, 'the contracts are bundled in, not a dependency');
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
      t.ok(files.includes(file.replace(/^\.\//, '')), `exports["${subpath}"] → ${file} is in the tarball`);
    }
  }
  t.equal(manifest.customElements, 'custom-elements.json', 'package.json names the shipped manifest');
  t.ok(manifest.sideEffects.includes('./dist/esm/define.js'), '/define registers the tags');
  t.notOk(manifest.sideEffects.includes('./dist/esm/index.js'), 'the root registers nothing');
});

t.test('the root entry registers no tag; /define does', async (t) => {
  const index = await readFile(path.join(here, 'dist/esm/index.js'), 'utf8');
  const define = await readFile(path.join(here, 'dist/esm/define.js'), 'utf8');
  t.notMatch(index, /customElements\.define/);
  t.match(define, /customElements\.define/);
});
