import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { CallLogsRepository } from '../src/repositories/call-logs.repository.js';
import { MetadataCipher, isSealed } from '../src/security/metadata-cipher.js';
import { buildTestApp } from './helpers/build-test-app.js';
import { newCallBody } from './helpers/call-bodies.js';
import { createTestDatabase } from '@sw-dialer/test-support/test-database';

/**
 * Issue 14, item 2: client metadata that imitates the sealed-envelope shape used to be stored, after which the
 * owner's reads answered 500 and `reseal-metadata` stopped (exit 1) on that row, blocking key rotation for all.
 */
const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);
const IMITATION = { $sealed: 'aes-256-gcm', kid: 'deadbeef', iv: 'AAAA', tag: 'AAAA', data: 'AAAA' };

const variants: Array<[string, { current: Buffer; previous: Buffer[] } | undefined]> = [
  ['without a metadata key', undefined],
  ['with CALL_METADATA_KEY', { current: KEY_A, previous: [] }]
];
for (const [label, metadataKeys] of variants) {
  t.test(`${label}: a reserved top-level key is a 400 naming it, on create and on patch`, async (t) => {
    const { app, authHeader } = await buildTestApp(t, metadataKeys ? { metadataKeys } : {});
    const headers = authHeader('agent-reserved');
    for (const metadata of [IMITATION, { $sealed: 'aes-256-gcm' }, { $sealed: 1, other: 'x' }, { note: 'ok', $anything: true }]) {
      const response = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: newCallBody({ metadata }) });
      t.equal(response.statusCode, 400, JSON.stringify(metadata));
      const reserved = Object.keys(metadata).find((key) => key.startsWith('$'));
      t.equal(response.json().error.details.issues[0].field, `body.metadata.${reserved}`);
      t.match(response.json().error.message, /is reserved/);
    }
    t.equal((await app.db.selectFrom('call_logs').select('id').execute()).length, 0, 'nothing was stored');

    const created = await app.inject({
      method: 'POST',
      url: '/api/telephony/calls',
      headers,
      payload: newCallBody({ metadata: { note: 'x', nested: { $sealed: 'aes-256-gcm' } } })
    });
    t.equal(created.statusCode, 201, 'a "$" key below the top level is the client\'s own');
    const id = created.json().id as string;
    // A merge must not turn stored metadata into the sealed shape either.
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/telephony/calls/${id}`,
      headers,
      payload: { metadata: { $sealed: 'aes-256-gcm', kid: 'deadbeef' } }
    });
    t.equal(patch.statusCode, 400);
    t.equal(patch.json().error.details.issues[0].field, 'body.metadata.$sealed');
    const read = await app.inject({ method: 'GET', url: `/api/telephony/calls/${id}`, headers });
    t.equal(read.statusCode, 200);
    t.same(read.json().metadata, { note: 'x', nested: { $sealed: 'aes-256-gcm' } });
    t.equal((await app.inject({ method: 'GET', url: '/api/telephony/history', headers })).statusCode, 200, 'history still reads');
  });
}

t.test('reseal skips and reports the rows it cannot open, and rewrites all the others', async (t) => {
  const { app, authHeader } = await buildTestApp(t, { metadataKeys: { current: KEY_A, previous: [] } });
  const headers = authHeader('agent-rotate');
  const ids: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    // One instant for both ends: an end read before newCallBody reads the start can fall a millisecond
    // before it on a busy machine, and the API rightly refuses that call (this test's old flake).
    const at = new Date().toISOString();
    const created = await app.inject({
      method: 'POST',
      url: '/api/telephony/calls',
      headers,
      payload: newCallBody({ status: 'failed', endReason: 'busy', startedAt: at, endedAt: at, metadata: { i } })
    });
    t.equal(created.statusCode, 201, `call ${i} is logged: ${created.body}`);
    ids.push(created.json().id);
  }
  // Rows as they could exist from before the fix (an imitation) or from a key nobody has any more.
  await app.db
    .updateTable('call_logs')
    .set({ metadata: JSON.stringify(IMITATION) })
    .where('id', '=', ids[1]!)
    .execute();
  const lost = new MetadataCipher(randomBytes(32)).seal({ lost: true }, { userId: 'agent-rotate', clientSessionId: 'x' });
  await app.db
    .updateTable('call_logs')
    .set({ metadata: JSON.stringify(lost) })
    .where('id', '=', ids[3]!)
    .execute();

  const report = await new CallLogsRepository(app.db, new MetadataCipher(KEY_B, [KEY_A])).resealMetadata(2);
  t.equal(report.rewritten, 3, 'the three readable rows are resealed, across batches');
  t.same(report.skipped.map((row) => row.id).sort(), [ids[1], ids[3]].sort(), 'the unreadable rows are reported by id');
  t.match(report.skipped.find((row) => row.id === ids[1])?.reason, /deadbeef/);
  const rows = await app.db.selectFrom('call_logs').select(['id', 'metadata']).execute();
  t.same(rows.find((row) => row.id === ids[1])?.metadata, IMITATION, 'a skipped row is left as it is');
  for (const id of [ids[0], ids[2], ids[4]]) {
    const stored = rows.find((row) => row.id === id)?.metadata;
    t.ok(isSealed(stored) && stored.kid === new MetadataCipher(KEY_B).currentKeyId, `row ${id} now uses the new key`);
  }
});

const API_DIR = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

t.test('pnpm reseal-metadata: an unreadable row is reported, the run exits 0', async (t) => {
  // The command runs in its own process: a server database, or an embedded one in a folder of its own.
  const { config, drop } = await createTestDatabase();
  t.teardown(drop);
  const db = createDatabase(config);
  await migrateToLatest(db as never);
  const repository = new CallLogsRepository(db, new MetadataCipher(KEY_A));
  const times = { answeredAt: null, endedAt: new Date(), durationMs: 0 };
  const good = await repository.create(
    'u1',
    newCallBody({ status: 'failed', endReason: 'busy', endedAt: times.endedAt.toISOString(), metadata: { ok: true } }) as never,
    times
  );
  const bad = await repository.create(
    'u2',
    newCallBody({ status: 'failed', endReason: 'busy', endedAt: times.endedAt.toISOString(), metadata: { x: 1 } }) as never,
    times
  );
  if (good.kind !== 'created' || bad.kind !== 'created') throw new Error('setup failed');
  await db
    .updateTable('call_logs')
    .set({ metadata: JSON.stringify(IMITATION) })
    .where('id', '=', bad.id)
    .execute();
  await db.destroy();

  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'development',
    CALL_METADATA_KEY: KEY_B.toString('hex'),
    CALL_METADATA_PREVIOUS_KEYS: KEY_A.toString('hex'),
    ...(config.kind === 'postgres' ? { DATABASE_URL: config.url } : { PGLITE_DATA_DIR: config.dataDir })
  };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/reseal-metadata.ts'], { cwd: API_DIR, env, timeout: 60_000 });
  t.match(stdout, /resealed 1 call log/);
  t.match(stdout, new RegExp(`skipped 1 call log.*\\n  ${bad.id}: .*deadbeef`));

  const after = createDatabase(config);
  t.teardown(() => after.destroy());
  const stored = await after.selectFrom('call_logs').select(['id', 'metadata']).execute();
  const resealed = stored.find((row) => row.id === good.id)?.metadata;
  t.ok(isSealed(resealed) && resealed.kid === new MetadataCipher(KEY_B).currentKeyId, 'the readable row moved to the new key');
  t.same(stored.find((row) => row.id === bad.id)?.metadata, IMITATION);
});
