// `pnpm manifest` writes custom-elements.json from the elements' JSDoc (@tag @summary @fires @csspart @cssprop).
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // The analyzer would otherwise point package.json's customElements at the temporary folder the check uses.
  packagejson: false
};
