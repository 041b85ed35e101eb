// Lit's css`` templates reach the browser as written: indentation, line breaks and spaces around every brace.
// esbuild minifies code, not the text inside template literals, so this squeezes that text when a source file
// is loaded. It never changes what a rule means: runs of white space become one space (white space between
// selectors is meaningful), and the spaces next to `{ } ; ,` and after `:` go (none of these is ever part of a
// selector's own white space). Spaces before `:` stay: `.a :hover` and `.a:hover` differ. Comments inside the
// templates are not expected (sources keep them outside) and are dropped if present.
import { readFile } from 'node:fs/promises';

/** The CSS text of one template, squeezed. Exported for its test. */
export function squeezeCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}

/** esbuild plugin: squeezes every css`` template (no nested template literals inside) of the package's sources. */
export const minifyLitCss = {
  name: 'minify-lit-css',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]dialer-elements[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('css`')) return undefined;
      return { contents: source.replace(/\bcss`([^`]*)`/g, (_, body) => `css\`${squeezeCss(body)}\``), loader: 'ts' };
    });
  }
};
