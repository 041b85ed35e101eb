// Dependency rules (ADR 60): what the design forbids, checked on every `pnpm test`
// (`pnpm deps`). Test files live beside the code in dialer-elements (`*.test.ts` under src/), so
// "production code" below is src/ without its test files.
const PRODUCTION = '^packages/[^/]+/src/';
const TESTS = '(^packages/[^/]+/test/|[.]test[.]ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'elements-not-machine-or-sdk',
      comment: 'Elements render and forward; the call machine and @signalwire/js are reached only through the controller and the engine.',
      severity: 'error',
      from: { path: '^packages/dialer-elements/src/elements/', pathNot: TESTS },
      to: { path: ['^packages/dialer-elements/src/machine/', '@signalwire/js'] }
    },
    {
      name: 'sw-dialer-not-engine-internals',
      comment:
        "<sw-dialer> places calls through DialerController; the engine's actor (machine/), outbox (call-log/) and transport are the controller's business.",
      severity: 'error',
      from: { path: '^packages/dialer-elements/src/elements/sw-dialer/sw-dialer[.]ts$' },
      to: { path: '^packages/dialer-elements/src/(machine|call-log)/' }
    },
    {
      name: 'sw-dialer-transport-type-only',
      comment: "<sw-dialer> only forwards a host's transport to the controller: it may name the CallTransport type, never import transport code.",
      severity: 'error',
      from: { path: '^packages/dialer-elements/src/elements/sw-dialer/sw-dialer[.]ts$' },
      to: { path: '^packages/dialer-elements/src/transport/', dependencyTypesNot: ['type-only'] }
    },
    {
      name: 'production-not-emulators',
      comment: 'The emulators stand in for SignalWire and SwitchFree in tests and demos only.',
      severity: 'error',
      from: { path: PRODUCTION, pathNot: ['^packages/emulators/', TESTS] },
      to: { path: '^packages/emulators/' }
    },
    {
      name: 'routes-not-sql',
      comment: 'Routes translate HTTP; SQL lives in repositories.',
      severity: 'error',
      from: { path: '^packages/api/src/routes/' },
      to: { path: ['^packages/api/src/db/', '(^|/)node_modules/(kysely|pg)/'] }
    },
    {
      name: 'sql-only-in-repositories',
      comment: 'Only repositories (and the wiring that opens, migrates and hands out the database) import kysely or pg.',
      severity: 'error',
      from: {
        path: '^packages/api/src/',
        pathNot: [
          '^packages/api/src/(repositories|db)/',
          '^packages/api/src/plugins/db[.]ts$',
          '^packages/api/src/(migrate|reseal-metadata|check-config)[.]ts$'
        ]
      },
      to: { path: '(^|/)node_modules/(kysely|pg)/' }
    },
    {
      name: 'shared-types-imports-nothing-of-ours',
      comment: 'shared-types is the leaf every package depends on; an import back would make a cycle.',
      severity: 'error',
      from: { path: '^packages/shared-types/' },
      to: { path: '^(packages|examples|bench|scripts)/', pathNot: '^packages/shared-types/' }
    },
    {
      name: 'src-not-other-packages-tests',
      comment: "Production code never depends on test code, least of all another package's.",
      severity: 'error',
      from: { path: '^packages/([^/]+)/src/', pathNot: TESTS },
      to: { path: '^packages/[^/]+/test/', pathNot: '^packages/$1/test/' }
    },
    {
      name: 'no-cross-package-test-imports',
      comment: "Helpers used by several packages live in @sw-dialer/test-support, not in one package's test/ folder.",
      severity: 'error',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^packages/[^/]+/test/', pathNot: '^packages/$1/test/' }
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import the checker cannot resolve is one it cannot check.',
      severity: 'error',
      from: {},
      // zone-loader.test.ts requires libphonenumber-js from shared-types' folder (createRequire), as the build does.
      to: { couldNotResolve: true, pathNot: '^libphonenumber-js/' }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Also left out: the consumer apps (installed with their own dependencies in a temp folder, docs/adr/0094) and the
    // widget's framework typings, which import React/Vue and resolve only once copied into dist/types (ADR 92).
    exclude: {
      path: ['^packages/[^/]+/(dist|coverage|[.]tap|[.]dist-staging-[^/]*)/', '^packages/e2e/consumer-apps/', '^packages/dialer-elements/frameworks/']
    },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types']
    },
    reporterOptions: { text: { highlightFocused: true } }
  }
};
