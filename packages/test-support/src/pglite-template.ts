import { PGlite } from '@electric-sql/pglite';
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fs from 'node:fs/promises';
import { Kysely } from 'kysely';
import { FileMigrationProvider, Migrator } from 'kysely/migration';
import { PGliteDialect } from 'kysely-pglite-dialect';

/** The repository's migrations, the ones the API applies (test-support depends on no package of ours). */
const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

/*
 * Embedded test databases are folders copied from a template, not new PGlite clusters: creating one runs
 * initdb in WebAssembly (2-10 s on a busy 2-core machine, the bulk of a short test file), copying the
 * folder of a ready one and opening it takes about 1.5 s. The template is built once per machine and per
 * migration set (its name holds a hash of the migrations and of PGlite's version), by whichever test
 * process needs it first (docs/adr/0056).
 */

const PREFIX = 'sw-dialer-pglite-template-';

export type TemplateKind = 'empty' | 'migrated';

async function fingerprint(): Promise<string> {
  const hash = createHash('sha256');
  const pglitePackage = fileURLToPath(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url));
  hash.update(JSON.parse(await readFile(pglitePackage, 'utf8')).version as string);
  for (const file of (await readdir(MIGRATIONS_DIR)).sort()) {
    hash.update(file);
    hash.update(await readFile(path.join(MIGRATIONS_DIR, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Builds both templates in a folder of this process's own, then renames it into place. */
async function build(target: string): Promise<void> {
  const staging = `${target}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await mkdir(staging, { recursive: true });
  try {
    const empty = path.join(staging, 'empty');
    const fresh = new PGlite(empty);
    await fresh.waitReady;
    await fresh.close();
    await cp(empty, path.join(staging, 'migrated'), { recursive: true });
    const db = new Kysely<unknown>({ dialect: new PGliteDialect(new PGlite(path.join(staging, 'migrated'))) });
    try {
      const migrator = new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }) });
      const { error } = await migrator.migrateToLatest();
      if (error) throw error;
    } finally {
      await db.destroy();
    }
    // Another process may have finished first: its template is as good as this one.
    await rename(staging, target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

let ready: Promise<string> | undefined;

/** The folder holding `empty/` and `migrated/`, built on first use. */
function templateRoot(): Promise<string> {
  ready ??= (async () => {
    const target = path.join(tmpdir(), `${PREFIX}${await fingerprint()}`);
    const present = await readdir(target).then(
      (names) => names.includes('migrated'),
      () => false
    );
    if (!present) await build(target);
    return target;
  })();
  return ready;
}

/** A new data folder, a copy of the template: empty (initdb only) or with every migration applied. */
export async function copyPgliteTemplate(kind: TemplateKind): Promise<{ dataDir: string; remove: () => Promise<void> }> {
  const root = await templateRoot();
  const folder = path.join(tmpdir(), `sw-test-pglite-${process.pid}-${randomBytes(4).toString('hex')}`);
  const dataDir = path.join(folder, 'data');
  await cp(path.join(root, kind), dataDir, { recursive: true });
  return { dataDir, remove: () => rm(folder, { recursive: true, force: true }) };
}
