#!/usr/bin/env node
// `pnpm test`: type-checks the workspace, checks its formatting, lint and dependency rules (ADR 59,
// ADR 60), runs every package's tests one package at a time (each package's runner already uses both
// cores), and ends with one plain line, "N passed, N failed", summed over all packages, so that a
// run's count is visible to people and to CI alike.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanTestLogs } from './scan-test-logs.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv.slice(2);

function packagesWithTests() {
  return readdirSync(path.join(root, 'packages'))
    .map((name) => path.join(root, 'packages', name))
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.scripts?.test)
    .filter(({ manifest, dir }) => only.length === 0 || only.some((name) => manifest.name.endsWith(name) || dir.endsWith(name)));
}

function run(command, args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** tap's closing summary: `# { total: 12, pass: 11, fail: 1, skip: 0 }`. */
function tapSummary(output) {
  const match = [...output.matchAll(/^# \{ (total: \d+.*) \}$/gm)].pop();
  if (!match) return undefined;
  const counts = Object.fromEntries(
    match[1]
      .split(', ')
      .map((pair) => pair.split(': '))
      .map(([key, value]) => [key, Number(value)])
  );
  return { pass: counts.pass ?? 0, fail: counts.fail ?? 0, skip: (counts.skip ?? 0) + (counts.todo ?? 0), total: counts.total ?? 0 };
}

let passed = 0;
let failed = 0;
let skipped = 0;
const broken = [];

// Logs kept by this run only.
for (const { dir } of packagesWithTests()) rmSync(path.join(dir, '.test-logs'), { recursive: true, force: true });

// The whole-tree checks, each timed: they run in every CI run. A failure fails the run.
const checks = [
  ['typecheck', 'pnpm', ['-r', '--no-bail', 'typecheck']],
  ['format', 'pnpm', ['run', '--silent', 'format:check']],
  ['lint', 'pnpm', ['run', '--silent', 'lint']],
  ['dependency rules', 'pnpm', ['run', '--silent', 'deps']]
];
if (only.length === 0) {
  for (const [name, command, args] of checks) {
    process.stdout.write(`\n== ${name} ==\n`);
    const started = performance.now();
    const check = await run(command, args, root);
    process.stdout.write(`${name}: ${check.code === 0 ? 'ok' : 'FAILED'} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    if (check.code !== 0) broken.push(name);
  }
}

for (const { dir, manifest } of packagesWithTests()) {
  process.stdout.write(`\n== ${manifest.name} ==\n`);
  const result = await run('pnpm', ['run', 'test', '--reporter=terse'], dir);
  const summary = tapSummary(result.output);
  if (!summary) {
    broken.push(`${manifest.name} (no test summary)`);
    continue;
  }
  passed += summary.pass;
  failed += summary.fail;
  skipped += summary.skip;
  if (result.code !== 0 || summary.fail > 0) broken.push(manifest.name);
  if (summary.total === 0) broken.push(`${manifest.name} (ran no test)`);
}

const scan = scanTestLogs();
process.stdout.write(`\n== log scan ==\n${scan.lines} log lines from ${scan.files} test processes\n`);
if (scan.findings.length) {
  process.stdout.write(`${scan.findings.length} forbidden values:\n${scan.findings.slice(0, 10).join('\n')}\n`);
  broken.push('log scan');
} else {
  process.stdout.write('no full phone number and no secret in any line\n');
}

if (broken.length) process.stdout.write(`\nfailing: ${broken.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(broken.length || failed ? 1 : 0);
