import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import t from 'tap';
import { REPO_ROOT } from '../src/repo-root.js';

/** The repository's LICENSE is MIT (docs/adr/0090), and every package.json says so, so `npm pack` and registries show it. */

t.test('LICENSE at the root is the MIT licence', async (t) => {
  const licence = readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8');
  t.match(licence, /^MIT License\n/);
  t.match(licence, /Permission is hereby granted, free of charge/);
});

t.test('every package.json in the repository declares the MIT licence', async (t) => {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*package.json'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file && !file.includes('node_modules/'));
  t.ok(files.length >= 9, `found ${files.length} package.json files`);
  for (const file of files) {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, file), 'utf8')) as { license?: unknown };
    t.equal(manifest.license, 'MIT', `${file} declares its licence`);
  }
});

t.test('the published package carries the same LICENSE (npm packs only its own folder)', async (t) => {
  t.equal(readFileSync(path.join(REPO_ROOT, 'packages/dialer-elements/LICENSE'), 'utf8'), readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8'));
});
