#!/usr/bin/env node
// After the test run: every log line the API wrote during the whole suite (kept by the test helpers in
// packages/*/.test-logs/) must be free of full phone numbers and of the secrets the tests use.
// Exits 1 naming the first offending lines.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const FORBIDDEN = [
  ['a full phone number', /(?:\+|%2B|%252B)\d{7,15}|(?<![\d.])\d{10,15}(?![\d.])/i],
  ['a JWT', /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./],
  ['a test secret', /test-secret-that-is-at-least-32-characters-long|test-api-token-secret|test-switchfree-key|very-secret-cookie/]
];

export function scanTestLogs() {
  let files = 0;
  let lines = 0;
  const findings = [];
  for (const pkg of readdirSync(path.join(root, 'packages'))) {
    const dir = path.join(root, 'packages', pkg, '.test-logs');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      files += 1;
      for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        if (!line) continue;
        lines += 1;
        for (const [what, pattern] of FORBIDDEN) {
          if (pattern.test(line)) findings.push(`${pkg}/.test-logs/${file}: ${what}: ${line.slice(0, 300)}`);
        }
      }
    }
  }
  return { files, lines, findings };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, lines, findings } = scanTestLogs();
  if (findings.length) {
    process.stdout.write(`log scan: ${findings.length} forbidden values in ${lines} lines:\n${findings.slice(0, 10).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`log scan: ${lines} log lines from ${files} test processes, no full phone number and no secret\n`);
}
