#!/usr/bin/env node
// `pnpm test` for this package: the browser suite (@web/test-runner), then the DOM-free suite (tap),
// then one combined tap-style summary line (`# { total, pass, fail }`, which the root scripts/test.mjs
// reads) and the plain `N passed, N failed` line. Exits non-zero when either suite failed or ran nothing.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const passThrough = process.argv.slice(2).filter((arg) => arg.startsWith('--reporter'));

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: here, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** wtr prints one progress line per browser; the last one of each browser holds its final counts. */
function wtrCounts(raw) {
  const output = raw.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
  const perBrowser = new Map();
  for (const match of output.matchAll(/^\s*(\w[\w ]*?):\s+\|.*\| (\d+)\/(\d+) test files \| (\d+) passed, (\d+) failed(?:, (\d+) skipped)?/gm)) {
    perBrowser.set(match[1], { pass: Number(match[4]), fail: Number(match[5]), skip: Number(match[6] ?? 0) });
  }
  const totals = { pass: 0, fail: 0, skip: 0 };
  for (const counts of perBrowser.values()) for (const key of Object.keys(totals)) totals[key] += counts[key];
  return { ...totals, browsers: perBrowser.size };
}

function tapCounts(output) {
  const match = [...output.matchAll(/^# \{ (total: \d+.*) \}$/gm)].pop();
  if (!match) return undefined;
  const counts = Object.fromEntries(
    match[1]
      .split(', ')
      .map((pair) => pair.split(': '))
      .map(([k, v]) => [k, Number(v)])
  );
  return { pass: counts.pass ?? 0, fail: counts.fail ?? 0, skip: (counts.skip ?? 0) + (counts.todo ?? 0) };
}

process.stdout.write('\n-- browser tests (@web/test-runner) --\n');
const wtr = await run('pnpm', ['exec', 'wtr', '--config', 'web-test-runner.config.mjs']);
const browser = wtrCounts(wtr.output);

process.stdout.write('\n-- machine, outbox and transport tests (tap) --\n');
const tap = await run('pnpm', ['exec', 'tap', ...passThrough]);
const node = tapCounts(tap.output) ?? { pass: 0, fail: 1, skip: 0 };

const pass = browser.pass + node.pass;
// A suite that crashed before reporting counts as one failure, never as silence.
const fail =
  browser.fail + node.fail + (browser.browsers === 0 || (wtr.code !== 0 && browser.fail === 0) ? 1 : 0) + (tap.code !== 0 && node.fail === 0 ? 1 : 0);
const skip = browser.skip + node.skip;
process.stdout.write(
  `\n# browser: ${browser.pass} passed, ${browser.fail} failed in ${browser.browsers} browser(s); tap: ${node.pass} passed, ${node.fail} failed\n`
);
process.stdout.write(`# { total: ${pass + fail + skip}, pass: ${pass}, fail: ${fail}${skip ? `, skip: ${skip}` : ''} }\n`);
process.stdout.write(`${pass} passed, ${fail} failed\n`);
process.exit(fail > 0 ? 1 : 0);
