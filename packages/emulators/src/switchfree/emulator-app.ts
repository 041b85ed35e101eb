import Fastify, { type FastifyInstance } from 'fastify';
import { keyMatches, presentedKey } from './api-key.js';
import { ContactDirectory, decodeCursor, encodeCursor } from './contact-directory.js';
import { sendError, sendValidationError } from './errors.js';
import { FaultInjector, modeBodySchema } from './fault-injection.js';
import { PresenceBoard } from './presence-board.js';
import { PresenceStreams } from './presence-stream.js';
import { RequestStats } from './request-stats.js';
import {
  contactIdParamsSchema,
  idsBodySchema,
  numbersBodySchema,
  presenceControlBodySchema,
  presenceControlParamsSchema,
  searchQuerySchema,
  streamQuerySchema
} from './request-schemas.js';
import { seedContacts } from './seed-contacts.js';

export interface SwitchFreeAppOptions {
  apiKey: string;
  /** 0 disables scheduled presence changes. */
  presenceChangeIntervalMs: number;
  heartbeatMs: number;
  logger: boolean;
}

const API_PREFIX = '/v1/';
const CONTROL_PREFIX = '/__emulator/';

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export function buildSwitchFreeApp(options: SwitchFreeAppOptions): FastifyInstance {
  // Hijacked SSE responses are never idle: without forcing, close() would wait for every subscriber.
  const app = Fastify({ logger: options.logger, forceCloseConnections: true });

  const seeds = seedContacts();
  const directory = new ContactDirectory(seeds.map((seed) => seed.contact));
  const startedAt = Date.now();
  const board = new PresenceBoard(
    seeds.flatMap((seed, index) =>
      seed.contact.phones
        // Fax lines have no presence; they are omitted from answers, which clients read as "unknown".
        .filter((phone) => phone.label !== 'fax')
        .map((phone) => ({
          number: phone.number,
          state: seed.initialState,
          pinned: seed.pinned,
          // Deterministic "last seen" a few minutes before start-up, different per person.
          lastActivityAt: new Date(startedAt - ((index * 7919) % 3600) * 1000).toISOString()
        }))
    )
  );
  const faults = new FaultInjector();
  const stats = new RequestStats();
  const streams = new PresenceStreams(board, options.heartbeatMs);

  board.startSchedule(options.presenceChangeIntervalMs);

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) {
      // The control API has no authentication, so it answers only on loopback even if the port is exposed.
      if (!isLoopback(request.socket.remoteAddress)) return sendError(reply, 403, 'forbidden', 'the control API answers only on loopback');
      return;
    }
    if (!request.url.startsWith(API_PREFIX)) return;
    stats.record(request.method, request.routeOptions.url ?? request.url.split('?')[0] ?? request.url);
    const decision = faults.decide();
    await faults.sleep(decision.delayMs);
    if (decision.kind === 'fail') return sendError(reply, 503, 'service_unavailable', 'SwitchFree is temporarily unavailable');
    if (!keyMatches(presentedKey(request.headers), options.apiKey)) {
      return sendError(reply, 401, 'unauthorized', 'missing or invalid API key');
    }
  });

  app.addHook('preClose', async () => {
    board.stopSchedule();
    faults.cancelAll();
    streams.endAll();
  });

  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'not_found', 'no such resource'));
  app.setErrorHandler((error: { statusCode?: number }, _request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    return sendError(reply, status, status === 500 ? 'internal' : 'invalid_request', status === 500 ? 'internal error' : 'bad request');
  });

  // --- SwitchFree API (docs/switchfree-contract.md) ---

  app.get('/v1/contacts', async (request, reply) => {
    const parsed = searchQuerySchema.safeParse(request.query);
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    const { query, limit, cursor } = parsed.data;
    const offset = cursor === undefined ? 0 : decodeCursor(cursor);
    if (offset === null) return sendError(reply, 400, 'invalid_request', 'cursor: is not a cursor this service issued');
    const page = directory.search(query, offset, limit);
    return { contacts: page.items, next_cursor: page.nextOffset === null ? null : encodeCursor(page.nextOffset) };
  });

  app.post('/v1/contacts/match', async (request, reply) => {
    const parsed = numbersBodySchema.safeParse(request.body);
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    return { results: parsed.data.numbers.map((number) => ({ number, contacts: directory.match(number) })) };
  });

  // Ids nobody has are left out of the answer (as presence leaves out unknown numbers).
  app.post('/v1/contacts/batch', async (request, reply) => {
    const parsed = idsBodySchema.safeParse(request.body);
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    return { contacts: [...new Set(parsed.data.ids)].flatMap((id) => directory.get(id) ?? []) };
  });

  app.get('/v1/contacts/:id', async (request, reply) => {
    const parsed = contactIdParamsSchema.safeParse(request.params);
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    const contact = directory.get(parsed.data.id);
    if (!contact) return sendError(reply, 404, 'not_found', 'no contact with this id');
    return { contact };
  });

  app.post('/v1/presence/query', async (request, reply) => {
    const parsed = numbersBodySchema.safeParse(request.body);
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    return { presence: parsed.data.numbers.flatMap((number) => board.get(number) ?? []) };
  });

  app.get('/v1/presence/stream', async (request, reply) => {
    const parsed = streamQuerySchema.safeParse(request.query);
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    streams.serve(request, reply, parsed.data.numbers);
  });

  app.get('/v1/health', async () => ({ status: 'ok' }));

  // --- control API (DESIGN.md, "The emulators' control API") ---

  app.put('/__emulator/presence/:e164', async (request, reply) => {
    const params = presenceControlParamsSchema.safeParse(request.params);
    if (!params.success) return sendValidationError(reply, params.error);
    const body = presenceControlBodySchema.safeParse(request.body);
    if (!body.success) return sendValidationError(reply, body.error);
    return board.set(params.data.e164, body.data.state);
  });

  app.get('/__emulator/presence/:e164', async (request, reply) => {
    const params = presenceControlParamsSchema.safeParse(request.params);
    if (!params.success) return sendValidationError(reply, params.error);
    return board.get(params.data.e164) ?? sendError(reply, 404, 'not_found', 'no presence for this number');
  });

  app.put('/__emulator/mode', async (request, reply) => {
    const parsed = modeBodySchema.safeParse(request.body);
    if (!parsed.success) return sendValidationError(reply, parsed.error);
    const current = faults.set(parsed.data.mode, parsed.data.latencyMs);
    // An outage also drops the open streams, as a real one would; subscribers must reconnect.
    if (current.mode === 'down') streams.endAll();
    return current;
  });

  app.get('/__emulator/mode', async () => faults.current());

  app.get('/__emulator/stats', async () => ({ ...stats.snapshot(), openStreams: streams.count }));

  app.delete('/__emulator/stats', async (_request, reply) => {
    stats.reset();
    return reply.code(204).send();
  });

  /** Everything back to start-up state: normal mode, zero stats, seeded presence. */
  app.post('/__emulator/reset', async (_request, reply) => {
    faults.set('normal');
    stats.reset();
    board.reset();
    return reply.code(204).send();
  });

  app.get('/__emulator/contacts', async () => ({ count: directory.size, numbers: directory.allNumbers() }));

  return app;
}
