import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { REPO_ROOT } from '../src/repo-root.js';
import { runCheck } from '../src/run-check.js';

/**
 * Each check `pnpm test` runs (format, lint, dependency rules) fails on a violation planted in a real source
 * folder, and passes on a clean file in the same place: so the configs cover the folders, and a failure is the
 * violation's, not the tool's. The planted files are removed when the test ends.
 */

const tag = `zz-planted-${process.pid}`;

function plant(relativePath: string, text: string): string {
  const file = path.join(REPO_ROOT, relativePath);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  t.teardown(() => rmSync(file, { force: true }));
  return relativePath;
}

const CLEAN = `export const answer = 42;\n`;

t.test('the format check fails on a badly formatted file', async (t) => {
  const clean = plant(`packages/dialer-elements/src/elements/${tag}-format-clean.ts`, CLEAN);
  const bad = plant(`packages/dialer-elements/src/elements/${tag}-format.ts`, `export const answer = {value:"42",}\n`);
  t.equal(runCheck('format', [clean]).code, 0, 'a formatted file passes');
  const result = runCheck('format', [bad]);
  t.not(result.code, 0, 'the check fails');
  t.match(result.output, `${tag}-format.ts`, 'and names the file');
});

t.test('the lint fails on a lint violation, in TypeScript and in a Lit template', async (t) => {
  const clean = plant(`packages/dialer-elements/src/elements/${tag}-lint-clean.ts`, CLEAN);
  const bad = plant(
    `packages/dialer-elements/src/elements/${tag}-lint.ts`,
    [
      "import { html } from 'lit';",
      '',
      'export function view(label: string, unused: number) {',
      '  // Two bindings of one attribute: eslint-plugin-lit.',
      '  return html`<button title=${label} title=${label}>go</button>`;',
      '}',
      ''
    ].join('\n')
  );
  t.equal(runCheck('lint', [clean]).code, 0, 'a clean file passes');
  const result = runCheck('lint', [bad]);
  t.not(result.code, 0, 'the check fails');
  t.match(result.output, '@typescript-eslint/no-unused-vars', 'typescript-eslint found the unused parameter');
  t.match(result.output, 'lit/no-duplicate-template-bindings', 'eslint-plugin-lit found the duplicate binding');
});

t.test('the dependency rules fail on each forbidden import', async (t) => {
  const clean = plant(`packages/dialer-elements/src/elements/${tag}-deps-clean.ts`, "export { themeStyles } from '../styles/theme.styles.js';\n");
  t.equal(runCheck('deps', [clean]).code, 0, 'an allowed import passes');
  const planted = {
    'elements-not-machine-or-sdk': plant(
      `packages/dialer-elements/src/elements/${tag}-deps.ts`,
      "export * from '../machine/index.js';\nexport type { Call } from '@signalwire/js';\n"
    ),
    'production-not-emulators': plant(
      `packages/api/src/${tag}-deps.ts`,
      "export { startSwitchFreeEmulator } from '../../emulators/src/switchfree/index.js';\n"
    ),
    'routes-not-sql': plant(`packages/api/src/routes/${tag}-deps.ts`, "export { sql } from 'kysely';\n"),
    'shared-types-imports-nothing-of-ours': plant(`packages/shared-types/src/${tag}-deps.ts`, "export type { AppConfig } from '../../api/src/app.js';\n"),
    'src-not-other-packages-tests': plant(`packages/emulators/src/${tag}-deps.ts`, "export { buildTestApp } from '../../api/test/helpers/build-test-app.js';\n")
  };
  const result = runCheck('deps', Object.values(planted));
  t.not(result.code, 0, 'the check fails');
  for (const [rule, file] of Object.entries(planted)) t.match(result.output, new RegExp(`${rule}: ${file.replaceAll('.', '[.]')}`), `${rule} names ${file}`);
  const element = planted['elements-not-machine-or-sdk'].replaceAll('.', '[.]');
  t.match(result.output, new RegExp(`${element} → packages/dialer-elements/src/machine/`), 'an element importing the machine');
  t.match(result.output, new RegExp(`${element} → \\S*@signalwire/js/`), 'an element importing the SDK');
});
