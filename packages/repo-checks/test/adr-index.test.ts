import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { adrIndexProblems } from '../src/adr-index.js';
import { REPO_ROOT } from '../src/repo-root.js';

/** docs/adr/README.md lists every ADR once, by its own number and title; no two ADRs share a number. */

const ADR_FOLDER = path.join(REPO_ROOT, 'docs/adr');

t.test('the ADR index lists every ADR, and no number is claimed twice', async (t) => {
  t.same(adrIndexProblems(ADR_FOLDER), []);
});

t.test('an ADR missing from the index, or a second ADR with a taken number, is caught', async (t) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'adr-index-'));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  cpSync(ADR_FOLDER, folder, { recursive: true });
  t.same(adrIndexProblems(folder), [], 'the copy is whole');

  writeFileSync(path.join(folder, '0999-not-indexed.md'), '# 999. Not in the index\n');
  writeFileSync(path.join(folder, '0001-a-second-one.md'), '# 1. A second ADR 1\n');
  const problems = adrIndexProblems(folder);
  t.ok(problems.includes('0999-not-indexed.md is missing from the index'), 'the missing ADR');
  t.ok(
    problems.some((problem) => /^ADR 1 is claimed by 0001-a-second-one\.md and 0001-/.test(problem)),
    'the number collision'
  );

  const index = readFileSync(path.join(folder, 'README.md'), 'utf8');
  writeFileSync(path.join(folder, 'README.md'), index.replace(/^\| \[2\]\(0002-[^)]+\) \| .*$/m, '| [2](0002-gone.md) | Gone | accepted | 2026-01-01 |'));
  const rewritten = adrIndexProblems(folder);
  t.ok(rewritten.includes('the index names 0002-gone.md, which does not exist'), 'a row naming no file');
  t.ok(
    rewritten.some((problem) => /^0002-.* is missing from the index$/.test(problem)),
    'and the file it replaced'
  );
});
