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

// Numbers as people write them (issue 14 item 3): formatted (202-555-0161, (202) 555-0162, +1 202 555 0163,
// 202.555.0164), percent-encoded, and in fullwidth or Arabic-Indic digits. The line is first decoded and its
// digits made ASCII, then any run of 10 to 15 digits in phone-style groups (7 or more after a plus) is a
// finding. Written apart from the API's masking on purpose: a check must not share the code it checks.
const NON_ASCII_DIGIT_ZERO = [0x0660, 0x06f0, 0xff10, 0x0966, 0x09e6];
function asciiDigits(text) {
  return text.replace(/\p{Nd}/gu, (digit) => {
    const code = digit.codePointAt(0);
    const zero = NON_ASCII_DIGIT_ZERO.find((start) => code >= start && code <= start + 9);
    return zero === undefined ? digit : String(code - zero);
  });
}
function decodeLine(line) {
  let text = line;
  for (let round = 0; round < 2; round += 1) {
    // Decode each run of percent-escapes on its own, so one malformed escape does not hide the rest.
    text = text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
  return asciiDigits(text.replace(/\uff0b/g, '+').replace(/\u3000/g, ' '));
}
const GROUPED_DIGITS = /(?<![\w%](?:[-.])?)(\+\s?)?\(?\d(?:[\s()./+-]{0,3}\d){6,}(?!\w|[-.]\d)/g;
const NOT_A_NUMBER = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\d{4}-\d{2}-\d{2} \d{2})$/;
export function findFormattedNumber(line) {
  for (const match of decodeLine(line).matchAll(GROUPED_DIGITS)) {
    if (NOT_A_NUMBER.test(match[0])) continue;
    const digits = match[0].replace(/\D/g, '').length;
    if (digits <= 15 && (digits >= 10 || (match[1] && digits >= 7))) return match[0];
  }
  return undefined;
}

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
        const formatted = findFormattedNumber(line);
        if (formatted) findings.push(`${pkg}/.test-logs/${file}: a formatted or non-ASCII phone number (${formatted}): ${line.slice(0, 300)}`);
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
