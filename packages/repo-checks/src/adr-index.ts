import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface IndexRow {
  number: number;
  file: string;
  title: string;
  status: string;
  date: string;
}

const ADR_FILE = /^(\d{4})-[a-z0-9-]+\.md$/;

/** The ADR files of a folder, by name: `0012-call-log-outbox.md`. */
export function adrFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => ADR_FILE.test(name))
    .sort();
}

/** The rows of the index table: `| [12](0012-call-log-outbox.md) | title | status | 2026-12-01 |`. */
export function indexRows(indexMarkdown: string): IndexRow[] {
  return [...indexMarkdown.matchAll(/^\|\s*\[(\d+)\]\(([^)]+)\)\s*\|\s*(.+?)\s*\|\s*(.+?)\s*\|\s*(.+?)\s*\|\s*$/gm)].map((match) => ({
    number: Number(match[1]),
    file: match[2]!,
    title: match[3]!,
    status: match[4]!,
    date: match[5]!
  }));
}

/**
 * Everything wrong with an ADR folder and its README.md index: a file missing from the index, a row naming no
 * file, two files or rows with one number, a heading whose number is not the file's, a row whose title is not the
 * heading's, or whose number, date or status is malformed.
 */
export function adrIndexProblems(folder: string): string[] {
  const problems: string[] = [];
  const files = adrFiles(folder);
  const rows = indexRows(readFileSync(path.join(folder, 'README.md'), 'utf8'));
  const numberOf = (file: string) => Number(ADR_FILE.exec(file)![1]);

  const byNumber = new Map<number, string[]>();
  for (const file of files) byNumber.set(numberOf(file), [...(byNumber.get(numberOf(file)) ?? []), file]);
  for (const [number, named] of byNumber) if (named.length > 1) problems.push(`ADR ${number} is claimed by ${named.join(' and ')}`);

  for (const file of files) {
    const heading = readFileSync(path.join(folder, file), 'utf8').split('\n')[0] ?? '';
    const claimed = /^# (\d+)\. /.exec(heading);
    if (!claimed) problems.push(`${file}: the first line is not "# ${numberOf(file)}. Title"`);
    else if (Number(claimed[1]) !== numberOf(file)) problems.push(`${file}: its heading says ${claimed[1]}`);
    const row = rows.find((candidate) => candidate.file === file);
    if (!row) problems.push(`${file} is missing from the index`);
    else if (claimed && row.title !== heading.slice(claimed[0].length).trim()) problems.push(`the index titles ${file} "${row.title}", its heading differs`);
  }
  const seen = new Set<number>();
  for (const row of rows) {
    if (!files.includes(row.file)) problems.push(`the index names ${row.file}, which does not exist`);
    else if (numberOf(row.file) !== row.number) problems.push(`the index numbers ${row.file} ${row.number}`);
    if (seen.has(row.number)) problems.push(`the index lists ${row.number} twice`);
    seen.add(row.number);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(row.date)) problems.push(`the index dates ${row.file} "${row.date}"`);
    if (!/^(accepted|accepted; amended by \d+(, \d+)*|superseded by \d+|deprecated)$/.test(row.status))
      problems.push(`the index gives ${row.file} the status "${row.status}"`);
  }
  return problems;
}
