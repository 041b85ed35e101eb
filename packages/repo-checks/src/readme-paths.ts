import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The backticked spans of a README that are relative paths: `./x`, `../x`, or a name with a slash whose last
 * part has a file extension or which ends in a slash (`src/app.ts`, `test/helpers/`). Package names
 * (`@sw-dialer/api`), routes (`/api/...`), URLs, MIME types (`text/event-stream`), globs and spans with spaces
 * are not paths and are left alone.
 */
export function relativePathsIn(markdown: string): string[] {
  const spans = [...markdown.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]!.trim());
  return [...new Set(spans.filter(isRelativePath))];
}

function isRelativePath(span: string): boolean {
  if (/[\s*?:<>{}|]/.test(span) || span.startsWith('/') || span.startsWith('@')) return false;
  if (span.startsWith('./') || span.startsWith('../')) return true;
  if (!span.includes('/')) return false;
  return span.endsWith('/') || /\.[a-z0-9]+$/i.test(span.split('/').pop()!);
}

/**
 * The relative paths a README names that do not exist. A path is looked up beside the README first, then from
 * the repository's root (a package README may name `docs/adr/...` or `packages/...`); a `#fragment` is ignored.
 */
export function missingReadmePaths(readmeFile: string, repoRoot: string): string[] {
  const folder = path.dirname(readmeFile);
  return relativePathsIn(readFileSync(readmeFile, 'utf8')).filter((span) => {
    const target = span.split('#')[0]!;
    return !existsSync(path.resolve(folder, target)) && !existsSync(path.resolve(repoRoot, target));
  });
}
