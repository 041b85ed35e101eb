// custom-elements.json is generated, and committed for editors and tools that read it from the package: it must
// be what a fresh analysis of the elements' JSDoc gives (docs/adr/0093). Fix: `pnpm manifest`, then commit.
import { readFile } from 'node:fs/promises';
import t from 'tap';
// @ts-expect-error: a plain JavaScript build helper without type declarations
import { MANIFEST, freshManifest } from '../../scripts/manifest.mjs';

t.test('the committed custom-elements.json is a fresh analysis', async (t) => {
  const fresh = (await freshManifest()) as string;
  const committed = await readFile(MANIFEST as string, 'utf8');
  t.ok(committed === fresh, 'custom-elements.json is up to date (run `pnpm manifest` in packages/dialer-elements)');
  const tags = (JSON.parse(fresh) as { modules: Array<{ declarations?: Array<{ tagName?: string; events?: Array<{ name: string }> }> }> }).modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => d.tagName);
  const dialer = tags.find((d) => d.tagName === 'sw-dialer');
  // At least the seven of issue 18; events added since (sw-call-wrapped-up, sw-incoming-call) come on top.
  const named = new Set(dialer?.events?.map((e) => e.name));
  for (const event of [
    'sw-before-dial',
    'sw-call-ended',
    'sw-call-error',
    'sw-call-logged',
    'sw-call-quality',
    'sw-call-state-change',
    'sw-contact-resolved'
  ]) {
    t.ok(named.has(event), `the manifest names ${event}, which sw-dialer fires`);
  }
});
