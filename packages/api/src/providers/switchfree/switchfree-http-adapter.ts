import { PHONE_TYPES, parsePhone, type Contact } from '@sw-dialer/shared-types';
import { z } from 'zod';
import { parseSse } from './sse-parser.js';
import type { PresenceStreamMessage, SwitchFreeClient, UpstreamPresence } from './types.js';
import { UpstreamError } from '../upstream-error.js';

/**
 * THE ONE FILE THAT KNOWS SWITCHFREE'S WIRE FORMAT (docs/switchfree-contract.md): paths, the auth
 * header, request bodies, response shapes, the presence vocabulary, batch limits and the stream's
 * framing. Adapting to the real service, once it documents itself, is a change of this file only.
 */

export interface SwitchFreeHttpClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Per request: connecting, waiting and reading the body. A stream's timeout covers its headers only. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** SwitchFree caps batch requests; larger batches are split and sent in parallel. */
const MAX_BATCH = 100;

// --- upstream response shapes. Parsed strictly where we depend on a field, leniently where SwitchFree
// may grow (unknown labels and states map to 'other' / 'unknown' instead of failing a whole page). ---

const wirePhone = z.object({ number: z.string(), label: z.string().nullish() });
const wireContact = z.object({
  id: z.string().min(1).max(128),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  display_name: z.string().nullish(),
  company: z.string().nullish(),
  phones: z.array(wirePhone).default([])
});
type WireContact = z.infer<typeof wireContact>;

const searchResponse = z.object({ contacts: z.array(wireContact), next_cursor: z.string().nullish() });
const matchResponse = z.object({ results: z.array(z.object({ number: z.string(), contacts: z.array(wireContact) })) });
const contactResponse = z.object({ contact: wireContact });
const batchResponse = z.object({ contacts: z.array(wireContact) });
const wirePresence = z.object({ number: z.string(), state: z.string(), last_activity_at: z.string().nullish() });
const presenceResponse = z.object({ presence: z.array(wirePresence) });
const errorResponse = z.object({ error: z.object({ code: z.string() }) });

const PHONE_TYPE_SET: ReadonlySet<string> = new Set(PHONE_TYPES);
const STATE_TO_STATUS: Record<string, UpstreamPresence['status']> = {
  online: 'available',
  busy: 'busy',
  dnd: 'dnd',
  away: 'away',
  offline: 'offline'
};

function toContact(wire: WireContact): Contact {
  const phoneNumbers = wire.phones.flatMap((phone) => {
    // SwitchFree promises E.164, but a directory is typed in by people: normalize, drop what is not a number.
    const parsed = parsePhone(phone.number);
    if (!parsed.ok) return [];
    const type = phone.label && PHONE_TYPE_SET.has(phone.label) ? (phone.label as Contact['phoneNumbers'][number]['type']) : 'other';
    return [{ e164: parsed.e164, type }];
  });
  const fullName = [wire.first_name, wire.last_name].filter(Boolean).join(' ').trim();
  const displayName = wire.display_name?.trim() || fullName || wire.company?.trim() || phoneNumbers[0]?.e164 || wire.id;
  const company = wire.company?.trim();
  return { id: wire.id, displayName, ...(company ? { company } : {}), phoneNumbers };
}

function toPresence(wire: z.infer<typeof wirePresence>): UpstreamPresence {
  const status = STATE_TO_STATUS[wire.state] ?? 'unknown';
  const seen = wire.last_activity_at ? new Date(wire.last_activity_at) : null;
  return {
    number: wire.number,
    status,
    available: status === 'available',
    lastSeenAt: seen && !Number.isNaN(seen.getTime()) ? seen.toISOString() : null
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

export class SwitchFreeHttpClient implements SwitchFreeClient {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: SwitchFreeHttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async searchContacts(query: string, limit: number, cursor: string | null, signal?: AbortSignal) {
    const params = new URLSearchParams({ query, limit: String(limit) });
    if (cursor) params.set('cursor', cursor);
    const body = await this.request('GET', '/v1/contacts', { params, signal }, searchResponse);
    return { items: body.contacts.map(toContact), nextCursor: body.next_cursor ?? null };
  }

  async matchNumbers(numbers: readonly string[], signal?: AbortSignal): Promise<Map<string, Contact[]>> {
    const answers = await Promise.all(
      chunk(numbers, MAX_BATCH).map((batch) => this.request('POST', '/v1/contacts/match', { body: { numbers: batch }, signal }, matchResponse))
    );
    const result = new Map<string, Contact[]>(numbers.map((number) => [number, []]));
    for (const answer of answers) {
      for (const item of answer.results) if (result.has(item.number)) result.set(item.number, item.contacts.map(toContact));
    }
    return result;
  }

  async getContact(id: string, signal?: AbortSignal): Promise<Contact | null> {
    try {
      const body = await this.request('GET', `/v1/contacts/${encodeURIComponent(id)}`, { signal }, contactResponse);
      return toContact(body.contact);
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) return null;
      throw error;
    }
  }

  async getContacts(ids: readonly string[], signal?: AbortSignal): Promise<Map<string, Contact | null>> {
    const answers = await Promise.all(
      chunk(ids, MAX_BATCH).map((batch) => this.request('POST', '/v1/contacts/batch', { body: { ids: batch }, signal }, batchResponse))
    );
    // Ids SwitchFree left out of its answer have no contact.
    const result = new Map<string, Contact | null>(ids.map((id) => [id, null]));
    for (const answer of answers) for (const contact of answer.contacts) if (result.has(contact.id)) result.set(contact.id, toContact(contact));
    return result;
  }

  async queryPresence(numbers: readonly string[], signal?: AbortSignal): Promise<Map<string, UpstreamPresence>> {
    const answers = await Promise.all(
      chunk(numbers, MAX_BATCH).map((batch) => this.request('POST', '/v1/presence/query', { body: { numbers: batch }, signal }, presenceResponse))
    );
    const wanted = new Set(numbers);
    const result = new Map<string, UpstreamPresence>();
    for (const answer of answers) for (const item of answer.presence) if (wanted.has(item.number)) result.set(item.number, toPresence(item));
    return result;
  }

  async openPresenceStream(numbers: readonly string[], signal: AbortSignal): Promise<AsyncIterable<PresenceStreamMessage>> {
    if (numbers.length > MAX_BATCH) throw new RangeError(`a presence stream takes at most ${MAX_BATCH} numbers`);
    const path = '/v1/presence/stream';
    // The timeout bounds the wait for headers only; after that the stream lives until `signal` aborts.
    const headersTimeout = new AbortController();
    const timer = setTimeout(() => headersTimeout.abort(new DOMException('headers timeout', 'TimeoutError')), this.timeoutMs);
    let response: Response;
    try {
      response = await this.send('GET', path, {
        params: new URLSearchParams({ numbers: numbers.join(',') }),
        signal: AbortSignal.any([signal, headersTimeout.signal]),
        accept: 'text/event-stream'
      });
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) throw await this.statusError('GET', path, response);
    if (!response.body) throw new UpstreamError('invalid-response', `SwitchFree GET ${path} answered without a body`);
    const body = response.body;
    return (async function* () {
      for await (const message of parseSse(body)) {
        if (message.type === 'comment') {
          yield { kind: 'heartbeat' } as const;
          continue;
        }
        if (message.event !== 'presence') continue;
        let json: unknown;
        try {
          json = JSON.parse(message.data);
        } catch {
          throw new UpstreamError('invalid-response', `SwitchFree GET ${path} sent an event that is not JSON`);
        }
        const parsed = wirePresence.safeParse(json);
        if (!parsed.success) throw new UpstreamError('invalid-response', `SwitchFree GET ${path} sent an event that does not match the contract`);
        yield { kind: 'presence', presence: toPresence(parsed.data) } as const;
      }
    })();
  }

  async checkHealth(signal?: AbortSignal): Promise<void> {
    await this.request('GET', '/v1/health', { signal }, z.object({ status: z.literal('ok') }));
  }

  // --- transport ---

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { params?: URLSearchParams; body?: unknown; signal?: AbortSignal | undefined },
    schema: z.ZodType<T>
  ): Promise<T> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const response = await this.send(method, path, { ...options, signal });
    if (!response.ok) throw await this.statusError(method, path, response);
    let json: unknown;
    try {
      json = await response.json();
    } catch (error) {
      throw this.transportError(method, path, error, signal);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // The path of the offending field is safe to log; its value (a name, a number) is not.
      throw new UpstreamError(
        'invalid-response',
        `SwitchFree ${method} ${path} answered a body that does not match the contract (at ${issue?.path.join('.') || 'root'})`
      );
    }
    return parsed.data;
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    options: { params?: URLSearchParams | undefined; body?: unknown; signal: AbortSignal; accept?: string }
  ): Promise<Response> {
    const url = `${this.baseUrl}${path}${options.params ? `?${options.params}` : ''}`;
    const headers: Record<string, string> = { 'x-api-key': this.apiKey, accept: options.accept ?? 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.fetch(url, {
        method,
        headers,
        signal: options.signal,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) })
      });
    } catch (error) {
      throw this.transportError(method, path, error, options.signal);
    }
  }

  private transportError(method: string, path: string, error: unknown, signal: AbortSignal): UpstreamError {
    if (error instanceof UpstreamError) return error;
    const reason: unknown = signal.aborted ? signal.reason : undefined;
    if (reason instanceof DOMException && reason.name === 'TimeoutError') {
      return new UpstreamError('timeout', `SwitchFree ${method} ${path} timed out after ${this.timeoutMs} ms`);
    }
    if (signal.aborted) return new UpstreamError('network', `SwitchFree ${method} ${path} was cancelled`);
    // undici's own message ("fetch failed") and its cause (ECONNREFUSED host:port) name no secret, but
    // only the code is kept: an error message is no place for upstream internals.
    const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
    return new UpstreamError('network', `SwitchFree ${method} ${path} failed${typeof code === 'string' ? ` (${code})` : ''}`);
  }

  private async statusError(method: string, path: string, response: Response): Promise<UpstreamError> {
    // The body's error code helps an operator; the message might echo the request, so it is not kept.
    const code = errorResponse.safeParse(await response.json().catch(() => null));
    const detail = code.success ? ` (${code.data.error.code.slice(0, 40)})` : '';
    const message = `SwitchFree ${method} ${path} answered ${response.status}${detail}`;
    const status = response.status;
    if (status === 401 || status === 403) return new UpstreamError('unauthorized', message, status);
    if (status === 429 || status >= 500) return new UpstreamError('unavailable', message, status);
    return new UpstreamError('rejected', message, status);
  }
}
