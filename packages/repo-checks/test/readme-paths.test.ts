import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { missingReadmePaths, relativePathsIn } from '../src/readme-paths.js';
import { REPO_ROOT } from '../src/repo-root.js';

/** The call-path maps in the package READMEs name files: every such path must exist. */

t.test('every relative path a package README names exists', async (t) => {
  const packages = path.join(REPO_ROOT, 'packages');
  const readmes = readdirSync(packages)
    .map((name) => path.join(packages, name, 'README.md'))
    .filter((file) => existsSync(file));
  // A package without a README has nothing to check.
  for (const readme of readmes) t.same(missingReadmePaths(readme, REPO_ROOT), [], path.relative(REPO_ROOT, readme));
  t.pass(`${readmes.length} package READMEs checked`);
});

t.test('what counts as a relative path', async (t) => {
  t.same(
    relativePathsIn(
      [
        'The map: `src/app.ts` → `./src/routes/` → `../shared-types/src/index.ts`; helpers in `test/helpers/`.',
        'Not paths: `@sw-dialer/api`, `/api/telephony/calls`, `GET /health`, `text/event-stream`, `https://example.com/a.js`,',
        '`src/**/*.ts`, `buildApp(config)`, `app.ts`, `{ id }`.'
      ].join('\n')
    ),
    ['src/app.ts', './src/routes/', '../shared-types/src/index.ts', 'test/helpers/']
  );
});

t.test('a README naming a file that does not exist is caught', async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'readme-paths-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, 'packages/demo/src'), { recursive: true });
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  writeFileSync(path.join(root, 'packages/demo/src/app.ts'), '');
  writeFileSync(path.join(root, 'docs/api.md'), '');
  const readme = path.join(root, 'packages/demo/README.md');
  writeFileSync(readme, '| `src/app.ts` | `src/routes/calls.routes.ts` | `docs/api.md#errors` | `src/gone/` |\n');
  t.same(missingReadmePaths(readme, root), ['src/routes/calls.routes.ts', 'src/gone/'], 'the missing file and folder, nothing else');
});
