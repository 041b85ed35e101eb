// `pnpm manifest` writes custom-elements.json from the elements' JSDoc (@tag @summary @fires @csspart @cssprop).
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // package.json names the manifest itself: the analyzer would write its temp outdir there (scripts/manifest.mjs).
  packagejson: false
};
