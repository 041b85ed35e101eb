import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './repo-root.js';

export interface CheckResult {
  code: number;
  /** stdout and stderr together: the tools disagree on where findings go. */
  output: string;
}

/**
 * The tools `pnpm format:check`, `pnpm lint` and `pnpm deps` run, with the same root configs, limited to
 * the given files (repository-relative) so that a test does not wait for the whole tree.
 */
const COMMANDS = {
  format: (files: string[]) => ['prettier', ['--check', ...files]],
  lint: (files: string[]) => ['eslint', ['--no-warn-ignored', ...files]],
  deps: (files: string[]) => ['depcruise', [...files, '--config', '.dependency-cruiser.cjs', '--output-type', 'err']]
} as const satisfies Record<string, (files: string[]) => readonly [string, string[]]>;

export function runCheck(check: keyof typeof COMMANDS, files: string[]): CheckResult {
  const [tool, args] = COMMANDS[check](files);
  const result = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', tool), args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 90_000 });
  if (result.error) throw result.error;
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}
