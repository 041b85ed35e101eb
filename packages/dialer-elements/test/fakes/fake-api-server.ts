// An in-memory stand-in for the API's call-log routes, with the rules the real one enforces
// (DESIGN.md "Call vocabulary"): idempotent create on clientSessionId (201/200), one open call per user
// (409 naming it), forward-only transitions, terminal rows immutable except an exact replay (200), and
// a user sees only their own calls (another user's call id answers 404). The user is the `sub` of the
// Bearer JWT, or the Bearer token itself when it is not a JWT; rows made with `seed()` belong to everyone.
// It answers through a `fetch` function, so the real API client and outbox run against it unchanged.
import {
  bridgeCallBodySchema,
  canTransition,
  hangupCallBodySchema,
  isOpenStatus,
  isTerminalStatus,
  putWrapUpBodySchema,
  type CallLog,
  type CallStatus,
  type Contact,
  type EndReason,
  type Presence
} from '@sw-dialer/shared-types';

export interface FakeApiServer {
  fetch: typeof fetch;
  calls: CallLog[];
  /** Every request: `auth` is its Authorization header, `url` what was fetched. */
  requests: Array<{ method: string; path: string; body: unknown; auth: string | undefined; url: string }>;
  /** Whose each call is (by call id): the user who created it; absent for seeded rows. */
  owners: Map<string, string>;
  /** While true every request rejects like a browser that is offline. */
  down: boolean;
  /** Commit the next create, then fail its answer as if the network dropped it. */
  loseNextCreateAnswer: boolean;
  /** Outbound numbers the destination policy refuses: their create is the API's 400 naming the policy. */
  refusedNumbers: Set<string>;
  contacts: Contact[];
  /** Wrap-ups by call id, as `PUT /calls/:id/wrap-up` stored them (history rows show them). */
  wrapUps: Map<string, { disposition: string; notes: string; puts: number }>;
  presence: Map<string, Presence>;
  tokens: number;
  /** Answer the token endpoint with 503 as the API does when SignalWire cannot be reached. */
  tokenUnavailable: boolean;
  /** Answer the token endpoint with 503 as the API does on a server without SignalWire settings. */
  tokenNotConfigured: boolean;
  /** Answer `POST /calls/bridge` with 503 (SignalWire could not place the call), closing the row as the API does. */
  bridgeUnavailable: boolean;
  /** Answer `POST /calls/:id/hangup` with 503 (SignalWire could not end the call); the call stays open. */
  hangupUnavailable: boolean;
  /** Extra wait before answering requests whose path starts with a key (a slow contact directory). */
  delays: Record<string, number>;
  /** Requests whose path starts with a key are answered only once its promise settles (held by the test). */
  holds: Record<string, Promise<unknown>>;
  seed(call: Partial<CallLog> & Pick<CallLog, 'number' | 'status' | 'startedAt'>): CallLog;
  /**
   * What the API records when a poll finds a bridge call further on at SignalWire: one forward step at a
   * time, with the API's own timestamps (packages/api domain/steps-to-status.ts).
   */
  advanceBridge(id: string, status: CallStatus, endReason?: EndReason): CallLog;
}

let counter = 0;
const uuid = () => {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
const error = (status: number, code: string, message: string, details?: unknown) =>
  json(status, { error: { code, message, ...(details ? { details } : {}), requestId: 'req-1' } });

export function createFakeApiServer(): FakeApiServer {
  const server: FakeApiServer = {
    calls: [],
    requests: [],
    owners: new Map(),
    down: false,
    loseNextCreateAnswer: false,
    refusedNumbers: new Set(),
    contacts: [],
    wrapUps: new Map(),
    presence: new Map(),
    tokens: 0,
    tokenUnavailable: false,
    tokenNotConfigured: false,
    bridgeUnavailable: false,
    hangupUnavailable: false,
    delays: {},
    holds: {},
    advanceBridge(id, status, endReason) {
      const row = server.calls.find((c) => c.id === id);
      if (!row) throw new Error(`no call ${id}`);
      const now = new Date().toISOString();
      if (status === 'connected') Object.assign(row, { answeredAt: now });
      if (isTerminalStatus(status)) {
        const durationMs = row.answeredAt ? Date.now() - Date.parse(row.answeredAt) : 0;
        Object.assign(row, { endedAt: now, endReason: endReason ?? 'error', durationMs });
      }
      Object.assign(row, { status, updatedAt: now });
      return row;
    },
    seed(call) {
      const row: CallLog = {
        id: uuid(),
        direction: 'outbound',
        contactId: null,
        answeredAt: null,
        endedAt: null,
        durationMs: null,
        endReason: null,
        errorCode: null,
        errorMessage: null,
        clientSessionId: uuid(),
        providerCallId: null,
        metadata: null,
        createdAt: call.startedAt,
        updatedAt: call.startedAt,
        ...call
      };
      server.calls.push(row);
      return row;
    },
    fetch: async (input, init) => {
      const url = new URL(String(input), 'http://api.test');
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      const auth = (init?.headers as Record<string, string> | undefined)?.authorization;
      server.requests.push({ method, path: url.pathname + url.search, body, auth, url: String(input) });
      const delay = Object.entries(server.delays).find(([prefix]) => url.pathname.startsWith(prefix))?.[1];
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      await Object.entries(server.holds).find(([prefix]) => url.pathname.startsWith(prefix))?.[1];
      if (server.down) throw new TypeError('Failed to fetch');
      return handle(server, method, url, body, userOf(auth));
    }
  };
  return server;
}

/** The request's user: the JWT's `sub`, else the Bearer token; '' without one. */
export function userOf(auth: string | undefined): string {
  const token = /^Bearer (.+)$/.exec(auth ?? '')?.[1] ?? '';
  try {
    const sub = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).sub;
    if (typeof sub === 'string') return sub;
  } catch {
    // not a JWT
  }
  return token;
}

/** An unsigned JWT for user `sub` (the fake API, like the widget, only reads it). */
export function fakeJwt(sub: string, extra: Record<string, unknown> = {}): string {
  const part = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, ...extra })}.c2lnbmF0dXJl`;
}

const pick = (from: Record<string, unknown> | null, like: Record<string, unknown>) => Object.fromEntries(Object.keys(like).map((k) => [k, from?.[k]]));

function handle(server: FakeApiServer, method: string, url: URL, body: any, user: string): Response {
  const path = url.pathname;
  const now = new Date().toISOString();
  const mine = (call: CallLog) => (server.owners.get(call.id) ?? user) === user;
  const own = (row: CallLog) => {
    server.owners.set(row.id, user);
    return row;
  };
  if (method === 'POST' && path === '/api/telephony/signalwire/token') {
    // The API's words and details (packages/api routes/telephony/token): the service, and the failure kind.
    if (server.tokenUnavailable)
      return error(503, 'UPSTREAM_UNAVAILABLE', 'Cannot issue a calling token: SignalWire cannot be reached. Try again shortly.', {
        upstream: 'signalwire',
        reason: 'network'
      });
    if (server.tokenNotConfigured)
      return error(503, 'UPSTREAM_UNAVAILABLE', 'SignalWire is not configured on this server', { upstream: 'signalwire', reason: 'not-configured' });
    server.tokens += 1;
    return json(200, { token: `tok-${server.tokens}`, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
  }
  // As the API does: the create URL's preflight paid ahead (warmCreate), nothing else.
  if (method === 'HEAD' && path === '/api/telephony/calls') return new Response(null, { status: 204 });
  if (method === 'POST' && path === '/api/telephony/calls') {
    if (body.direction === 'outbound' && server.refusedNumbers.has(body.number)) {
      // The API's words (packages/api services/calls.service.ts assertDialable).
      const message = 'Calls to premium-rate numbers are not allowed here (DIAL_REFUSED_NUMBER_TYPES)';
      return error(400, 'VALIDATION_FAILED', `body.number: ${message}`, { issues: [{ field: 'body.number', message }], policy: 'DIAL_REFUSED_NUMBER_TYPES' });
    }
    const existing = server.calls.find((c) => c.clientSessionId === body.clientSessionId && mine(c));
    if (existing) return json(200, { id: existing.id });
    const open = server.calls.find((c) => !isTerminalStatus(c.status) && mine(c));
    if (open && !isTerminalStatus(body.status)) return error(409, 'CONFLICT', 'another call is still open', { openCallId: open.id });
    const row = own(
      server.seed({
        ...body,
        contactId: body.contactId ?? null,
        answeredAt: body.answeredAt ?? null,
        endedAt: body.endedAt ?? null,
        durationMs: body.durationMs ?? (isTerminalStatus(body.status) ? 0 : null),
        endReason: body.endReason ?? null,
        errorCode: body.errorCode ?? null,
        errorMessage: body.errorMessage ?? null
      })
    );
    if (server.loseNextCreateAnswer) {
      server.loseNextCreateAnswer = false;
      throw new TypeError('network connection was lost');
    }
    return json(201, { id: row.id });
  }
  if (method === 'POST' && path === '/api/telephony/calls/bridge') {
    const parsed = bridgeCallBodySchema.safeParse(body);
    if (!parsed.success) return error(400, 'VALIDATION_FAILED', parsed.error.issues.map((i) => i.path.join('.')).join(', '));
    const existing = server.calls.find((c) => c.clientSessionId === body.clientSessionId && mine(c));
    if (existing) return json(200, { id: existing.id });
    const open = server.calls.find((c) => !isTerminalStatus(c.status) && mine(c));
    if (open) return error(409, 'CONFLICT', 'another call is still open', { openCallId: open.id });
    const row = own(
      server.seed({
        clientSessionId: body.clientSessionId,
        number: body.number,
        contactId: body.contactId ?? null,
        status: 'dialing',
        startedAt: now,
        metadata: { transport: 'bridge' }
      })
    );
    if (server.bridgeUnavailable) {
      Object.assign(row, {
        status: 'failed',
        endReason: 'error',
        endedAt: now,
        durationMs: 0,
        errorCode: 'UPSTREAM_UNAVAILABLE',
        errorMessage: 'SignalWire did not place the call'
      });
      return error(503, 'UPSTREAM_UNAVAILABLE', 'SignalWire could not place the call; try again shortly', {
        callId: row.id,
        upstream: 'signalwire',
        reason: 'unavailable'
      });
    }
    row.providerCallId = `CA${row.id.slice(-8)}`;
    return json(201, { id: row.id });
  }
  const hangupMatch = /^\/api\/telephony\/calls\/([^/]+)\/hangup$/.exec(path);
  if (method === 'POST' && hangupMatch) {
    // As the API's route: only an open call placed through the agent's phone is ended here.
    if (!hangupCallBodySchema.safeParse(body).success) return error(400, 'VALIDATION_FAILED', 'body');
    const row = server.calls.find((c) => c.id === hangupMatch[1] && mine(c));
    if (!row) return error(404, 'NOT_FOUND', 'call not found');
    if (row.metadata?.transport !== 'bridge' || !row.providerCallId) return error(409, 'CONFLICT', 'only a call placed through your phone is ended here');
    if (!isOpenStatus(row.status)) return error(409, 'CONFLICT', `the call has already ${row.status === 'failed' ? 'failed' : 'ended'}`);
    if (server.hangupUnavailable) return error(503, 'UPSTREAM_UNAVAILABLE', 'SignalWire could not end the call; hang up on your phone');
    return json(200, server.advanceBridge(row.id, 'ended', row.status === 'connected' ? 'local-hangup' : 'canceled'));
  }
  const wrapUpMatch = /^\/api\/telephony\/calls\/([^/]+)\/wrap-up$/.exec(path);
  if (method === 'PUT' && wrapUpMatch) {
    // As the API does (docs/adr/0070): the body checked by the shared schema, the owner's finished calls only,
    // the whole wrap-up replaced. `puts` counts the writes that changed something.
    const parsed = putWrapUpBodySchema.safeParse(body);
    if (!parsed.success) return error(400, 'VALIDATION_FAILED', `body.${parsed.error.issues[0]?.path.join('.')}`);
    const row = server.calls.find((c) => c.id === wrapUpMatch[1] && mine(c));
    if (!row) return error(404, 'NOT_FOUND', 'call not found');
    if (!isTerminalStatus(row.status)) return error(409, 'CONFLICT', 'the call is still open');
    const stored = server.wrapUps.get(row.id);
    const notes = parsed.data.notes ?? '';
    const same = stored?.disposition === parsed.data.disposition && stored.notes === notes;
    if (!same) server.wrapUps.set(row.id, { disposition: parsed.data.disposition, notes, puts: (stored?.puts ?? 0) + 1 });
    return json(stored ? 200 : 201, { callId: row.id, disposition: parsed.data.disposition, notes, createdAt: now, updatedAt: now, editableUntil: now });
  }
  const callMatch = /^\/api\/telephony\/calls\/([^/]+)$/.exec(path);
  if (callMatch) {
    const row = server.calls.find((c) => c.id === callMatch[1] && mine(c));
    if (!row) return error(404, 'NOT_FOUND', 'call not found');
    if (method === 'GET') return json(200, row);
    if (method === 'PATCH') {
      const to: CallStatus = body.status ?? row.status;
      if (isTerminalStatus(row.status)) {
        const same = Object.entries(body).every(
          ([k, v]) => JSON.stringify(k === 'metadata' ? pick(row.metadata, v as Record<string, unknown>) : (row as any)[k]) === JSON.stringify(v)
        );
        return same ? json(200, row) : error(409, 'CONFLICT', 'the call is over');
      }
      if (!canTransition(row.status, to)) return error(409, 'CONFLICT', `cannot go from ${row.status} to ${to}`);
      // As the API does: a contact given late is set once, never changed.
      if (body.contactId && row.contactId && body.contactId !== row.contactId) return error(409, 'CONFLICT', 'the call already has a contact');
      // As the API does: metadata is merged into what the row has, the other fields replaced.
      const metadata = body.metadata ? { ...(row.metadata ?? {}), ...body.metadata } : row.metadata;
      Object.assign(row, body, { status: to, updatedAt: now, metadata });
      if (isTerminalStatus(to) && body.durationMs === undefined) {
        row.durationMs = row.answeredAt && row.endedAt ? Date.parse(row.endedAt) - Date.parse(row.answeredAt) : 0;
      }
      return json(200, row);
    }
  }
  if (method === 'GET' && path === '/api/telephony/history') {
    const q = Object.fromEntries(url.searchParams);
    const limit = Number(q.limit ?? 20);
    if (!(limit >= 1 && limit <= 100)) return error(400, 'VALIDATION_FAILED', 'limit');
    let items = server.calls.filter(mine).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    if (q.status) items = items.filter((c) => c.status === q.status);
    if (q.contactId) items = items.filter((c) => c.contactId === q.contactId);
    if (q.number) items = items.filter((c) => c.number === q.number);
    if (q.disposition) items = items.filter((c) => server.wrapUps.get(c.id)?.disposition === q.disposition);
    if (q.from) items = items.filter((c) => c.startedAt >= new Date(q.from!).toISOString());
    if (q.to) items = items.filter((c) => c.startedAt <= new Date(q.to!).toISOString());
    const offset = Number(q.offset ?? 0);
    // As the API does (issue 20): each row names its contact, with its wrap-up's disposition and notes flag.
    const page = items.slice(offset, offset + limit).map((c) => {
      const contact = c.contactId ? server.contacts.find((known) => known.id === c.contactId) : undefined;
      const wrapUp = server.wrapUps.get(c.id);
      return {
        ...c,
        contact: contact ? { displayName: contact.displayName, company: contact.company ?? null } : null,
        disposition: wrapUp?.disposition ?? null,
        hasNotes: Boolean(wrapUp?.notes)
      };
    });
    return json(200, { items: page, nextCursor: null, total: items.length, contactsDegraded: false });
  }
  if (method === 'GET' && path === '/api/telephony/contacts') {
    const number = url.searchParams.get('number');
    const items = server.contacts.filter((c) => c.phoneNumbers.some((p) => p.e164 === number));
    return json(200, { items, nextCursor: null, degraded: false });
  }
  if (method === 'GET' && path === '/api/telephony/presence') {
    const number = url.searchParams.get('number')!;
    return json(200, server.presence.get(number) ?? { number, available: false, status: 'unknown', lastSeenAt: null, degraded: false });
  }
  return error(404, 'NOT_FOUND', `no route ${method} ${path}`);
}
