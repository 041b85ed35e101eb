import { randomUUID } from 'node:crypto';
import { isOpenStatus, isTerminalStatus, type CallLog, type CreateCallBody } from '@sw-dialer/shared-types';
import t from 'tap';
import type { SignalWireConfig } from '../src/config.js';
import type { PatchDecision } from '../src/domain/apply-call-patch.js';
import type { CallTimes } from '../src/domain/call-times.js';
import { SignalWireFailure } from '../src/errors/signalwire-failure.js';
import type { CompatStatus, SignalWireRestClient } from '../src/providers/signalwire/signalwire-rest-client.js';
import { UpstreamError } from '../src/providers/upstream-error.js';
import type { CallLogsRepository, CreateCallResult, StoredCall, UpdateResult } from '../src/repositories/call-logs.repository.js';
import { CallsService } from '../src/services/calls.service.js';

// CallsService without Fastify or a database: which writes count a finished call (exactly the one that closed
// it, ADR 51), and which SignalWire call the service acts on (only the one it placed, ADR 50).

/** The repository's contract in memory: one row per id, one user's rows only, `closed` as the real one says. */
class MemoryRepository {
  rows = new Map<string, { userId: string; call: CallLog; bridgeCallSid: string | null }>();

  async create(userId: string, body: CreateCallBody, times: CallTimes): Promise<CreateCallResult> {
    const existing = [...this.rows.values()].find((row) => row.userId === userId && row.call.clientSessionId === body.clientSessionId);
    if (existing) return { kind: 'existing', id: existing.call.id };
    const open = [...this.rows.values()].find((row) => row.userId === userId && isOpenStatus(row.call.status));
    if (open && isOpenStatus(body.status)) return { kind: 'open-call-conflict', openCallId: open.call.id };
    const id = randomUUID();
    const now = new Date().toISOString();
    const call: CallLog = {
      id,
      direction: body.direction,
      number: body.number,
      contactId: body.contactId ?? null,
      status: body.status,
      startedAt: body.startedAt,
      answeredAt: times.answeredAt?.toISOString() ?? null,
      endedAt: times.endedAt?.toISOString() ?? null,
      durationMs: times.durationMs,
      endReason: body.endReason ?? null,
      errorCode: body.errorCode ?? null,
      errorMessage: body.errorMessage ?? null,
      clientSessionId: body.clientSessionId,
      providerCallId: body.providerCallId ?? null,
      metadata: body.metadata ?? null,
      createdAt: now,
      updatedAt: now
    };
    this.rows.set(id, { userId, call, bridgeCallSid: null });
    return { kind: 'created', id, closed: isTerminalStatus(body.status) };
  }

  async findCall(userId: string, id: string): Promise<StoredCall | undefined> {
    const row = this.rows.get(id);
    return row && row.userId === userId ? { call: row.call, bridgeCallSid: row.bridgeCallSid } : undefined;
  }

  async update(userId: string, id: string, decide: (current: CallLog) => PatchDecision): Promise<UpdateResult | undefined> {
    const row = this.rows.get(id);
    if (!row || row.userId !== userId) return undefined;
    const decision = decide(row.call);
    if (decision.kind === 'unchanged') return { call: row.call, closed: false };
    const { changes } = decision;
    const wasOpen = isOpenStatus(row.call.status);
    row.call = {
      ...row.call,
      ...changes,
      answeredAt: changes.answeredAt?.toISOString() ?? null,
      endedAt: changes.endedAt?.toISOString() ?? null
    };
    return { call: row.call, closed: wasOpen && isTerminalStatus(row.call.status) };
  }

  async recordBridgeCallSid(userId: string, id: string, sid: string): Promise<void> {
    const row = this.rows.get(id);
    if (row && row.userId === userId && row.bridgeCallSid === null) {
      row.bridgeCallSid = sid;
      row.call = { ...row.call, providerCallId: sid };
    }
  }
}

/** A SignalWire client that records which call ids it was asked about. */
function fakeSignalWire(status: () => CompatStatus, fail: { create?: boolean; end?: boolean } = {}) {
  const asked: string[] = [];
  const ended: string[] = [];
  let placed = 0;
  const client = {
    async createCall() {
      if (fail.create) throw new UpstreamError('network', 'SignalWire POST: cannot reach the space');
      placed += 1;
      return { sid: `CA-server-${placed}`, status: 'queued' as const };
    },
    async fetchCall(sid: string) {
      asked.push(sid);
      return { sid, status: status() };
    },
    async endCall(sid: string) {
      if (fail.end) throw new UpstreamError('timeout', 'SignalWire POST: no answer within 1000 ms');
      ended.push(sid);
      return { sid, status: 'canceled' as const };
    }
  } as unknown as SignalWireRestClient;
  const config = { fromNumber: '+12025550199' } as SignalWireConfig;
  return { signalwire: { client, config }, asked, ended };
}

const silentLog = { warn: () => undefined } as never;

function setup(status: () => CompatStatus = () => 'ringing', fail: { create?: boolean; end?: boolean } = {}) {
  const repository = new MemoryRepository();
  const counted: Array<Pick<CallLog, 'status' | 'endReason' | 'durationMs'>> = [];
  const sw = fakeSignalWire(status, fail);
  const service = new CallsService({
    repository: repository as unknown as CallLogsRepository,
    signalwire: sw.signalwire,
    recordFinishedCall: (call) => counted.push({ status: call.status, endReason: call.endReason, durationMs: call.durationMs })
  });
  return { repository, counted, service, ...sw };
}

const body = (overrides: Partial<CreateCallBody> = {}): CreateCallBody => ({
  clientSessionId: randomUUID(),
  direction: 'outbound',
  number: '+12025550100',
  status: 'dialing',
  startedAt: new Date(Date.now() - 10_000).toISOString(),
  ...overrides
});

t.test('a call logged already finished is counted once, and its replay not again', async (t) => {
  const { service, counted } = setup();
  const finished = body({ status: 'failed', endReason: 'busy', endedAt: new Date().toISOString() });
  t.same(await service.create('u', finished).then((r) => r.created), true);
  t.same(await service.create('u', finished).then((r) => r.created), false);
  t.same(counted, [{ status: 'failed', endReason: 'busy', durationMs: 0 }]);
});

t.test('patches count only the write that closed the call', async (t) => {
  const { service, counted } = setup();
  const { id } = await service.create('u', body());
  await service.patch('u', id, { status: 'ringing' });
  t.same(counted, [], 'an open call is not counted');
  const finish = { status: 'ended' as const, endReason: 'canceled' as const, endedAt: new Date().toISOString() };
  await service.patch('u', id, finish);
  await service.patch('u', id, finish);
  t.same(counted, [{ status: 'ended', endReason: 'canceled', durationMs: 0 }]);
});

t.test('a bridge SignalWire did not place is failed, counted, and answered as a SignalWireFailure', async (t) => {
  const { service, counted, repository } = setup(() => 'ringing', { create: true });
  const error = await service
    .bridge('u', { number: '+12025550100', agentNumber: '+12025550150', clientSessionId: randomUUID() }, '+12025550150')
    .catch((e: unknown) => e);
  t.type(error, SignalWireFailure);
  t.match(error, { action: 'calls.bridge', kind: 'network', message: 'SignalWire could not place the call; try again shortly' });
  const [row] = [...repository.rows.values()];
  t.match(row?.call, { status: 'failed', endReason: 'error', errorCode: 'UPSTREAM_UNAVAILABLE' });
  t.same((error as SignalWireFailure).details, { callId: row?.call.id });
  t.same(counted, [{ status: 'failed', endReason: 'error', durationMs: 0 }]);
});

t.test('refresh and hang-up ask SignalWire about the call the server placed, never the client’s providerCallId', async (t) => {
  const { service, counted, asked, ended } = setup(() => 'ringing');
  const { id } = await service.bridge('u', { number: '+12025550100', agentNumber: '+12025550150', clientSessionId: randomUUID() }, '+12025550150');
  await service.patch('u', id, { providerCallId: 'CA-someone-else', metadata: { transport: 'bridge', bridgeCallSid: 'CA-someone-else' } });
  t.match(await service.get('u', id, silentLog), { status: 'ringing', providerCallId: 'CA-someone-else' });
  const hungUp = await service.hangup('u', id, silentLog);
  t.match(hungUp, { status: 'ended', endReason: 'canceled' });
  t.same(asked, ['CA-server-1', 'CA-server-1'], 'the poll and the hang-up’s refresh');
  t.same(ended, ['CA-server-1']);
  t.same(counted, [{ status: 'ended', endReason: 'canceled', durationMs: 0 }], 'the hang-up that closed it counts it');
});

t.test('a row the client logged as a bridge call is never looked up at SignalWire', async (t) => {
  const { service, asked, ended } = setup(() => 'in-progress');
  const { id } = await service.create('u', body({ providerCallId: 'CA-server-1', metadata: { transport: 'bridge' } }));
  t.match(await service.get('u', id, silentLog), { status: 'dialing' });
  await t.rejects(service.hangup('u', id, silentLog), { code: 'CONFLICT', message: /only a call placed through your phone/ });
  t.same(asked, []);
  t.same(ended, []);
});

t.test('a hang-up SignalWire refused leaves the call open and uncounted; a poll that finds the end counts it once', async (t) => {
  let status: CompatStatus = 'in-progress';
  const { service, counted } = setup(() => status, { end: true });
  const { id } = await service.bridge('u', { number: '+12025550100', agentNumber: '+12025550150', clientSessionId: randomUUID() }, '+12025550150');
  const error = await service.hangup('u', id, silentLog).catch((e: unknown) => e);
  t.match(error, { action: 'calls.hangup', kind: 'timeout', message: 'SignalWire could not end the call; hang up on your phone', details: { callId: id } });
  t.match(await service.get('u', id, silentLog), { status: 'connected' });
  t.same(counted, []);
  status = 'completed';
  t.match(await service.get('u', id, silentLog), { status: 'ended', endReason: 'remote-hangup' });
  t.match(await service.get('u', id, silentLog), { status: 'ended' });
  t.equal(counted.length, 1);
  await t.rejects(service.hangup('u', id, silentLog), { code: 'CONFLICT', details: { status: 'ended' } });
});

t.test('a second open call is the one 409 naming it', async (t) => {
  const { service } = setup();
  const { id } = await service.create('u', body());
  await t.rejects(service.create('u', body()), { code: 'CONFLICT', details: { openCallId: id } });
});
