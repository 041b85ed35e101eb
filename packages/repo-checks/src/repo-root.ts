import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: the checks run from there, with its configs. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
