import t from 'tap';
import { randomUUID } from 'node:crypto';
import { createCallBodySchema, historyQuerySchema, patchCallBodySchema, presenceStreamQuerySchema } from '../src/index.js';

const valid = {
  clientSessionId: randomUUID(),
  direction: 'outbound',
  number: '+12025550100',
  status: 'dialing',
  startedAt: '2026-11-23T10:00:00.000Z'
};

function fields(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }): string[] {
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

t.test('create: a call starts where it begins, or is logged once over', async (t) => {
  t.ok(createCallBodySchema.safeParse(valid).success);
  t.ok(createCallBodySchema.safeParse({ ...valid, direction: 'inbound', status: 'ringing' }).success);
  t.ok(createCallBodySchema.safeParse({ ...valid, status: 'failed', endReason: 'busy', endedAt: '2026-11-23T10:00:02Z' }).success);
});

t.test('create: each bad field is named', async (t) => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ ...valid, extra: 1 }, ''],
    [{ ...valid, number: '202-555-0100' }, 'number'],
    [{ ...valid, clientSessionId: 'abc' }, 'clientSessionId'],
    [{ ...valid, startedAt: 'yesterday' }, 'startedAt'],
    [{ ...valid, status: 'idle' }, 'status'],
    [{ ...valid, direction: 'sideways' }, 'direction'],
    [{ ...valid, contactId: "1' OR '1'='1" }, 'contactId'],
    [{ ...valid, status: 'ended', endReason: 'busy', endedAt: '2026-11-23T10:00:01Z', errorMessage: 'line\nbreak' }, 'errorMessage'],
    [{ ...valid, status: 'ended', endedAt: '2026-11-23T10:00:01Z' }, 'endReason'],
    [{ ...valid, status: 'failed', endReason: 'busy' }, 'endedAt'],
    [{ ...valid, endReason: 'busy' }, 'endReason'],
    [{ ...valid, status: 'connected', answeredAt: '2026-11-23T10:00:01Z' }, 'status'],
    [{ ...valid, status: 'ringing' }, 'status'],
    [{ ...valid, answeredAt: '2026-11-23T10:00:01Z' }, 'answeredAt'],
    [{ ...valid, durationMs: -1 }, 'durationMs'],
    [{ ...valid, durationMs: 1.5 }, 'durationMs']
  ];
  for (const [body, field] of cases) {
    const result = createCallBodySchema.safeParse(body);
    t.notOk(result.success, JSON.stringify(body));
    if (field === '') t.equal(result.error?.issues[0]?.code, 'unrecognized_keys');
    else t.ok(fields(result).includes(field), `names ${field}: ${fields(result).join(',')}`);
  }
});

t.test('patch: empty and unknown bodies are refused', async (t) => {
  t.notOk(patchCallBodySchema.safeParse({}).success);
  t.notOk(patchCallBodySchema.safeParse({ userId: 'x' }).success);
  t.ok(patchCallBodySchema.safeParse({ status: 'ringing' }).success);
});

t.test('history query parses numbers and refuses nonsense', async (t) => {
  const parsed = historyQuerySchema.parse({ limit: '25', offset: '50', status: 'ended' });
  t.same(parsed, { limit: 25, offset: 50, status: 'ended' });
  const bad: Array<[Record<string, string>, string]> = [
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ offset: '-1' }, 'offset'],
    [{ status: 'idle' }, 'status'],
    [{ cursor: 'a b' }, 'cursor'],
    [{ cursor: 'abc', offset: '1' }, 'offset'],
    [{ from: '2026-11-23T00:00:00Z', to: '2026-11-22T00:00:00Z' }, 'from'],
    [{ from: '2026-13-40' }, 'from']
  ];
  for (const [query, field] of bad) {
    const result = historyQuerySchema.safeParse(query);
    t.notOk(result.success, JSON.stringify(query));
    t.ok(fields(result).includes(field), `names ${field}`);
  }
});

t.test('presence stream numbers split and validate', async (t) => {
  t.same(presenceStreamQuerySchema.parse({ numbers: '+12025550100,+12025550101' }).numbers, ['+12025550100', '+12025550101']);
  t.notOk(presenceStreamQuerySchema.safeParse({ numbers: '+12025550100,nope' }).success);
});
