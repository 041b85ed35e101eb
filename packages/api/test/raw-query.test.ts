import type pg from 'pg';
import t from 'tap';
import { rawQueryOnPool } from '../src/db/raw-query.js';

// The hot path's statements on the serving pool: named ones go to pg as prepared statements, and the
// connection goes back to the pool whether the statement succeeds or fails.
function fakePool(answer: () => Promise<{ rows: unknown[] }>) {
  const sent: Array<{ statement: string | pg.QueryConfig; values: unknown[] }> = [];
  let released = 0;
  const client = {
    query: async (statement: string | pg.QueryConfig, values: unknown[]) => {
      sent.push({ statement, values });
      return answer();
    },
    release: () => {
      released += 1;
    }
  };
  return { pool: { connect: async () => client as unknown as pg.PoolClient }, sent, released: () => released };
}

t.test('a named statement is sent as a prepared statement with its values, and answers its rows', async (t) => {
  const { pool, sent, released } = fakePool(async () => ({ rows: [{ id: 'a' }] }));
  const rows = await rawQueryOnPool(pool)<{ id: string }>({ name: 'call_logs.create', text: 'insert into t values ($1) returning id' }, ['x']);
  t.same(rows, [{ id: 'a' }]);
  t.same(sent, [{ statement: { name: 'call_logs.create', text: 'insert into t values ($1) returning id' }, values: ['x'] }]);
  t.equal(released(), 1, 'released once');
});

t.test('an unnamed statement is sent as it is, unprepared', async (t) => {
  const { pool, sent } = fakePool(async () => ({ rows: [] }));
  await rawQueryOnPool(pool)({ text: 'select 1' }, []);
  t.same(sent, [{ statement: 'select 1', values: [] }], 'as its text: pg does not prepare it');
});

t.test('a failing statement still releases its connection, and its error reaches the caller unchanged', async (t) => {
  const failure = Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'uq' });
  const { pool, released } = fakePool(async () => {
    throw failure;
  });
  await t.rejects(rawQueryOnPool(pool)({ name: 'n', text: 'insert' }, []), failure);
  t.equal(released(), 1);
});
