// One lint configuration for the whole workspace (ADR 59): ESLint's and typescript-eslint's
// recommended rules for every TypeScript and JavaScript file, eslint-plugin-lit and eslint-plugin-wc
// for the web components. Formatting is Prettier's job, so no stylistic rule is enabled here. Rules
// are syntactic only (no type information), which keeps the whole tree's lint to seconds.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const testFiles = ['**/test/**', '**/*.test.ts', '**/bench/**'];

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '**/.dist-staging-*/', '**/coverage/', '**/.tap/', '**/.data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // A leading underscore marks a parameter or binding kept on purpose (a signature, an omitted key).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }
      ],
      // Control characters are matched on purpose: the text sanitiser refuses them, the test runner strips ANSI codes.
      'no-control-regex': 'off',
      // `let ok = false` before a try/catch that sets it on both paths reads clearly; tsc catches unassigned reads.
      'no-useless-assignment': 'off'
    }
  },
  {
    files: ['packages/dialer-elements/**', 'examples/**', 'packages/emulators/test/browser/**'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    files: ['packages/dialer-elements/src/**/*.ts'],
    ...lit.configs['flat/recommended']
  },
  {
    files: ['packages/dialer-elements/src/**/*.ts'],
    ...wc.configs['flat/recommended']
  },
  {
    files: testFiles,
    rules: {
      // Tests reach into page globals and SDK internals that have no types (page.evaluate, fakes).
      '@typescript-eslint/no-explicit-any': 'off',
      // Chai's property assertions (`expect(x).to.be.true`) are expressions by design.
      '@typescript-eslint/no-unused-expressions': 'off'
    }
  },
  {
    files: ['packages/dialer-elements/test/**', 'packages/dialer-elements/src/**/*.test.ts'],
    languageOptions: { globals: { ...globals.mocha } }
  }
);
