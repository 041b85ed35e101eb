import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requireBasicAuth, type ProjectCredentials } from './basic-auth.js';
import { HANGUP_CAUSES, type HangupCause } from './causes.js';
import type { CallRecord, CallRegistry, HangupBy } from './call-registry.js';
import { isE164 } from './e164.js';
import type { EmulatorLogger } from './logger.js';
import { causeOf, IMMEDIATE_FAILURE_DELAY_MS, type CallPlan, type Outcome, type ScenarioTable } from './scenarios.js';

/**
 * The Compatibility (Twilio-style) `Calls` resource: the API's REST fallback rings the agent's phone
 * with it and polls its status. Calls follow the same scenario table as WebRTC calls.
 */
export type CompatStatus = 'queued' | 'ringing' | 'in-progress' | 'canceled' | 'completed' | 'busy' | 'failed' | 'no-answer';

const TERMINAL: ReadonlySet<CompatStatus> = new Set(['canceled', 'completed', 'busy', 'failed', 'no-answer']);

/** Twilio has no "declined": a rejected call reports busy; unknown numbers and network errors fail. */
const FAILURE_STATUS: Record<Exclude<Outcome, 'answer'>, CompatStatus> = {
  busy: 'busy',
  declined: 'busy',
  'no-answer': 'no-answer',
  'invalid-number': 'failed',
  'network-failure': 'failed'
};

/** Time from `queued` to the far end's phone ringing. */
const QUEUE_MS = 100;
const DEFAULT_TIMEOUT_S = 60;

const CALLBACK_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;
type CallbackEvent = (typeof CALLBACK_EVENTS)[number];

const createBodySchema = z
  .looseObject({
    To: z.string().refine(isE164, 'must be an E.164 number'),
    From: z.string().min(1),
    Url: z.url().optional(),
    Twiml: z.string().min(1).optional(),
    StatusCallback: z.url().optional(),
    StatusCallbackEvent: z.string().optional(),
    Timeout: z.coerce.number().int().min(1).max(600).optional()
  })
  .refine((body) => body.Url !== undefined || body.Twiml !== undefined, { message: 'Url or Twiml is required', path: ['Url'] });

const updateBodySchema = z.looseObject({ Status: z.enum(['completed', 'canceled']).optional() });

const accountParamsSchema = z.object({ accountSid: z.string() });
const callParamsSchema = z.object({ accountSid: z.string(), sid: z.string() });

function twilioDate(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** Twilio-style error body. */
function twilioError(reply: FastifyReply, status: number, code: number, message: string) {
  return reply.code(status).send({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

class CompatCall {
  status: CompatStatus = 'queued';
  readonly createdAt = Date.now();
  updatedAt = this.createdAt;
  answeredAt: number | null = null;
  endedAt: number | null = null;
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly sid: string,
    readonly accountSid: string,
    readonly to: string,
    readonly from: string,
    private readonly plan: CallPlan,
    private readonly record: CallRecord,
    private readonly callback: { url: string | undefined; events: Set<CallbackEvent> },
    private readonly logger: EmulatorLogger
  ) {}

  start(): void {
    this.notify('initiated');
    if (this.plan.ringMs > 0) {
      this.after(QUEUE_MS, () => {
        this.setStatus('ringing');
        this.notify('ringing');
        this.after(this.plan.ringMs, () => this.settle());
      });
    } else {
      this.after(this.plan.outcome === 'answer' ? QUEUE_MS : IMMEDIATE_FAILURE_DELAY_MS, () => this.settle());
    }
  }

  private settle(): void {
    if (this.plan.outcome !== 'answer') {
      this.end(FAILURE_STATUS[this.plan.outcome], causeOf(this.plan.outcome).cause, 'callee');
      return;
    }
    this.answeredAt = Date.now();
    this.record.answeredAt = new Date(this.answeredAt).toISOString();
    this.setStatus('in-progress');
    this.notify('answered');
    if (this.plan.hangupAfterMs !== null) this.after(this.plan.hangupAfterMs, () => this.end('completed', 'NORMAL_CLEARING', 'callee'));
  }

  /** `Status=completed|canceled` from the client; Twilio ignores `canceled` on an answered call. */
  requestEnd(requested: 'completed' | 'canceled'): void {
    if (TERMINAL.has(this.status)) return;
    if (this.status === 'in-progress') {
      if (requested === 'completed') this.end('completed', 'NORMAL_CLEARING', 'caller');
      return;
    }
    this.end('canceled', 'ORIGINATOR_CANCEL', 'caller');
  }

  end(status: CompatStatus, cause: HangupCause, by: HangupBy): void {
    if (TERMINAL.has(this.status)) return;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.endedAt = Date.now();
    this.record.cause = cause;
    this.record.causeCode = HANGUP_CAUSES[cause];
    this.record.hangupBy = by;
    this.record.endedAt = new Date(this.endedAt).toISOString();
    this.setStatus(status);
    this.notify('completed');
  }

  private setStatus(status: CompatStatus): void {
    this.status = status;
    this.record.state = status;
    this.updatedAt = Date.now();
  }

  get durationSeconds(): number | null {
    if (this.endedAt === null) return null;
    return this.answeredAt === null ? 0 : Math.round((this.endedAt - this.answeredAt) / 1000);
  }

  toJSON() {
    const uri = `/api/laml/2010-04-01/Accounts/${this.accountSid}/Calls/${this.sid}.json`;
    const duration = this.durationSeconds;
    return {
      sid: this.sid,
      account_sid: this.accountSid,
      parent_call_sid: null,
      date_created: twilioDate(this.createdAt),
      date_updated: twilioDate(this.updatedAt),
      to: this.to,
      to_formatted: this.to,
      from: this.from,
      from_formatted: this.from,
      phone_number_sid: null,
      status: this.status,
      start_time: twilioDate(this.answeredAt ?? (this.status === 'queued' ? null : this.createdAt)),
      end_time: twilioDate(this.endedAt),
      duration: duration === null ? null : String(duration),
      price: null,
      price_unit: 'USD',
      direction: 'outbound-api',
      answered_by: null,
      api_version: '2010-04-01',
      forwarded_from: null,
      caller_name: null,
      uri,
      subresource_uris: {}
    };
  }

  /** Status callbacks are fire-and-forget form posts, as Twilio sends them. */
  private notify(event: CallbackEvent): void {
    if (!this.callback.url || !this.callback.events.has(event)) return;
    const duration = this.durationSeconds;
    const form = new URLSearchParams({
      CallSid: this.sid,
      AccountSid: this.accountSid,
      From: this.from,
      To: this.to,
      CallStatus: this.status,
      Direction: 'outbound-api',
      ApiVersion: '2010-04-01',
      Timestamp: twilioDate(Date.now()) ?? '',
      ...(duration === null ? {} : { CallDuration: String(duration) })
    });
    fetch(this.callback.url, { method: 'POST', body: form, signal: AbortSignal.timeout(5000) }).catch((error: unknown) =>
      this.logger.warn({ err: error, sid: this.sid }, 'status callback failed')
    );
  }

  private after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  shutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

export interface CompatCallsDeps {
  credentials: ProjectCredentials;
  scenarios: ScenarioTable;
  registry: CallRegistry;
  logger: EmulatorLogger;
}

/** Registers the routes; returns a shutdown hook that cancels pending timers. */
export function registerCompatCallRoutes(app: FastifyInstance, deps: CompatCallsDeps): () => void {
  const calls = new Map<string, CompatCall>();
  const auth = requireBasicAuth(deps.credentials, () => ({
    code: 20003,
    message: 'Authentication Error - invalid username',
    more_info: 'https://www.twilio.com/docs/errors/20003',
    status: 401
  }));
  const base = '/api/laml/2010-04-01/Accounts/:accountSid/Calls';

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.post(`${base}.json`, { preHandler: auth }, async (request, reply) => {
    const { accountSid } = accountParamsSchema.parse(request.params);
    if (accountSid !== deps.credentials.projectId) return twilioError(reply, 404, 20404, 'The requested resource was not found');
    const parsed = createBodySchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? 'To');
      return twilioError(reply, 400, field === 'To' ? 21211 : 21205, `Invalid '${field}' parameter: ${issue?.message ?? 'invalid'}`);
    }
    const body = parsed.data;
    const requested = (body.StatusCallbackEvent ?? 'completed')
      .split(/[\s,]+/)
      .filter((e): e is CallbackEvent => (CALLBACK_EVENTS as readonly string[]).includes(e));
    const plan = deps.scenarios.plan(body.To, (body.Timeout ?? DEFAULT_TIMEOUT_S) * 1000);
    const sid = randomUUID();
    const record = deps.registry.create({ callId: sid, channel: 'compat', to: body.To, from: body.From, state: 'queued' });
    const call = new CompatCall(
      sid,
      accountSid,
      body.To,
      body.From,
      plan,
      record,
      { url: body.StatusCallback, events: new Set([...requested, 'completed']) },
      deps.logger
    );
    calls.set(call.sid, call);
    call.start();
    return reply.code(201).send(call.toJSON());
  });

  app.get(`${base}/:sid.json`, { preHandler: auth }, async (request, reply) => {
    const { accountSid, sid } = callParamsSchema.parse(request.params);
    const call = calls.get(sid);
    if (!call || call.accountSid !== accountSid) return twilioError(reply, 404, 20404, 'The requested resource was not found');
    return call.toJSON();
  });

  app.post(`${base}/:sid.json`, { preHandler: auth }, async (request, reply) => {
    const { accountSid, sid } = callParamsSchema.parse(request.params);
    const call = calls.get(sid);
    if (!call || call.accountSid !== accountSid) return twilioError(reply, 404, 20404, 'The requested resource was not found');
    const parsed = updateBodySchema.safeParse(request.body ?? {});
    if (!parsed.success) return twilioError(reply, 400, 21218, "Invalid 'Status' parameter: must be completed or canceled");
    if (parsed.data.Status) call.requestEnd(parsed.data.Status);
    return call.toJSON();
  });

  return () => {
    for (const call of calls.values()) call.shutdown();
  };
}
