import { z } from 'zod';
import { UpstreamError } from '../upstream-error.js';

export interface SignalWireRestOptions {
  /** `https://{space}.signalwire.com`, or the emulator's `http://127.0.0.1:7450`. */
  spaceUrl: string;
  projectId: string;
  apiToken: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

const subscriberTokenSchema = z.object({ token: z.string().min(1), subscriber_id: z.string().optional() });
const guestTokenSchema = z.object({ token: z.string().min(1) });

/** A SWML script resource as the Fabric API lists it (`GET /api/fabric/resources/swml_scripts`). */
const swmlScriptResourceSchema = z.object({
  id: z.string().min(1),
  display_name: z.string().nullable().optional(),
  swml_script: z.object({ contents: z.string().nullable().optional() }).loose().optional()
});
export type SwmlScriptResource = z.infer<typeof swmlScriptResourceSchema>;
const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), links: z.object({ next: z.string().nullable().optional() }).loose().optional() });

/** One address of a resource: `channels.audio` is what the SDK dials, e.g. `/public/sw-dialer-pstn?channel=audio`. */
const resourceAddressSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  channels: z.object({ audio: z.string().optional() }).loose().optional()
});
export type ResourceAddress = z.infer<typeof resourceAddressSchema>;

/** At most this many pages are read from a Fabric list: a bounded loop, 100 items a page. */
const MAX_PAGES = 20;

/** Compatibility (Twilio-style) call statuses. */
export const COMPAT_STATUSES = ['queued', 'ringing', 'in-progress', 'canceled', 'completed', 'busy', 'failed', 'no-answer'] as const;
export type CompatStatus = (typeof COMPAT_STATUSES)[number];

const compatCallSchema = z.object({
  sid: z.string().min(1),
  status: z.enum(COMPAT_STATUSES),
  start_time: z.string().nullable().optional(),
  end_time: z.string().nullable().optional(),
  duration: z.union([z.string(), z.number()]).nullable().optional()
});
export type CompatCall = z.infer<typeof compatCallSchema>;

/**
 * The two SignalWire REST APIs the service uses: Fabric subscriber tokens, and the Compatibility
 * `Calls` resource for the click-to-call fallback. Everything SignalWire-specific about URLs, auth and
 * bodies lives here. Errors name the method, path and status, never credentials or numbers.
 */
export class SignalWireRestClient {
  private readonly authorization: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SignalWireRestOptions) {
    this.authorization = `Basic ${Buffer.from(`${options.projectId}:${options.apiToken}`).toString('base64')}`;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** A subscriber token for `reference` (our user id) that expires at `expireAt`. */
  async createSubscriberToken(reference: string, expireAt: Date): Promise<string> {
    const body = await this.request('POST', '/api/fabric/subscribers/tokens', {
      json: { reference, expire_at: Math.floor(expireAt.getTime() / 1000) }
    });
    return this.parse(subscriberTokenSchema, body, 'POST /api/fabric/subscribers/tokens').token;
  }

  /**
   * A guest token that can reach only `addressIds` (Fabric address UUIDs), expiring at `expireAt`:
   * `POST /api/fabric/guests/tokens` (ADR 0065).
   */
  async createGuestToken(addressIds: string[], expireAt: Date): Promise<string> {
    const body = await this.request('POST', '/api/fabric/guests/tokens', {
      json: { allowed_addresses: addressIds, expire_at: Math.floor(expireAt.getTime() / 1000) }
    });
    return this.parse(guestTokenSchema, body, 'POST /api/fabric/guests/tokens').token;
  }

  /** Every SWML script resource of the project (a bounded number of pages). */
  async listSwmlScripts(): Promise<SwmlScriptResource[]> {
    return this.listPages('/api/fabric/resources/swml_scripts', swmlScriptResourceSchema);
  }

  async createSwmlScript(name: string, contents: string): Promise<SwmlScriptResource> {
    const body = await this.request('POST', '/api/fabric/resources/swml_scripts', { json: { name, contents } });
    return this.parse(swmlScriptResourceSchema, body, 'POST /api/fabric/resources/swml_scripts');
  }

  async updateSwmlScript(id: string, name: string, contents: string): Promise<SwmlScriptResource> {
    const body = await this.request('PUT', `/api/fabric/resources/swml_scripts/${encodeURIComponent(id)}`, { json: { name, contents } });
    return this.parse(swmlScriptResourceSchema, body, 'PUT /api/fabric/resources/swml_scripts/{id}');
  }

  async listResourceAddresses(resourceId: string): Promise<ResourceAddress[]> {
    return this.listPages(`/api/fabric/resources/${encodeURIComponent(resourceId)}/addresses`, resourceAddressSchema);
  }

  private async listPages<T>(path: string, item: z.ZodType<T>): Promise<T[]> {
    const items: T[] = [];
    let next: string | null | undefined = `${path}?page_size=100`;
    for (let page = 0; next && page < MAX_PAGES; page += 1) {
      const body = await this.request('GET', next, {});
      const parsed = this.parse(pageSchema(item), body, `GET ${path}`);
      items.push(...(parsed.data as T[]));
      // `next` is an absolute URL on the space; only its path and query are followed, on our own base URL.
      const link = parsed.links?.next;
      next = link ? `${new URL(link, this.options.spaceUrl).pathname}${new URL(link, this.options.spaceUrl).search}` : null;
    }
    return items;
  }

  /** Rings `to` (the agent's phone); when answered, SignalWire runs `twiml`, which dials the customer. */
  async createCall(params: { to: string; from: string; twiml: string; timeoutS: number }): Promise<CompatCall> {
    const form = new URLSearchParams({ To: params.to, From: params.from, Twiml: params.twiml, Timeout: String(params.timeoutS) });
    const body = await this.request('POST', `${this.callsPath()}.json`, { form });
    return this.parse(compatCallSchema, body, 'POST Calls');
  }

  async fetchCall(sid: string): Promise<CompatCall> {
    const body = await this.request('GET', `${this.callsPath()}/${encodeURIComponent(sid)}.json`, {});
    return this.parse(compatCallSchema, body, 'GET Calls/{sid}');
  }

  async endCall(sid: string, status: 'completed' | 'canceled'): Promise<CompatCall> {
    const body = await this.request('POST', `${this.callsPath()}/${encodeURIComponent(sid)}.json`, { form: new URLSearchParams({ Status: status }) });
    return this.parse(compatCallSchema, body, 'POST Calls/{sid}');
  }

  /**
   * For health checks: reaches the space with our credentials. Asking for a call that does not exist
   * answers 404 when the credentials are good and 401 when they are not, and changes nothing.
   */
  async ping(): Promise<void> {
    const response = await this.send('GET', `${this.callsPath()}/health-probe.json`, {});
    if (response.status === 401 || response.status === 403)
      throw new UpstreamError('unauthorized', `SignalWire refused the credentials (${response.status})`, response.status);
    if (response.status >= 500) throw new UpstreamError('unavailable', `SignalWire answered ${response.status}`, response.status);
  }

  private callsPath(): string {
    return `/api/laml/2010-04-01/Accounts/${encodeURIComponent(this.options.projectId)}/Calls`;
  }

  private parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new UpstreamError('invalid-response', `SignalWire ${what}: unexpected response body`);
    return parsed.data;
  }

  private async request(method: string, path: string, options: { json?: unknown; form?: URLSearchParams }): Promise<unknown> {
    const response = await this.send(method, path, options);
    const what = `SignalWire ${method} ${path.replace(/\/Calls\/[^/]+\.json$/, '/Calls/{sid}.json').replace(/\?.*$/, '')}`;
    if (response.status === 401 || response.status === 403) throw new UpstreamError('unauthorized', `${what} answered ${response.status}`, response.status);
    if (response.status === 429 || response.status >= 500) throw new UpstreamError('unavailable', `${what} answered ${response.status}`, response.status);
    if (!response.ok) throw new UpstreamError('rejected', `${what} answered ${response.status}`, response.status);
    try {
      return await response.json();
    } catch {
      throw new UpstreamError('invalid-response', `${what}: the body is not JSON`);
    }
  }

  private async send(method: string, path: string, options: { json?: unknown; form?: URLSearchParams }): Promise<Response> {
    const headers: Record<string, string> = { authorization: this.authorization, accept: 'application/json' };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = options.form.toString();
    }
    try {
      return await this.fetch(new URL(path, this.options.spaceUrl), { method, headers, body, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new UpstreamError('timeout', `SignalWire ${method}: no answer within ${this.options.timeoutMs} ms`);
      throw new UpstreamError('network', `SignalWire ${method}: cannot reach the space`);
    }
  }
}
