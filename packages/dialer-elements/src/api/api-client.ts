import type {
  BridgeCallBody,
  CallLog,
  ContactsResponse,
  CreateCallBody,
  HistoryQueryInput,
  HistoryResponse,
  PatchCallBody,
  Presence,
  PutWrapUpBody,
  TokenResponse,
  WrapUp
} from '@sw-dialer/shared-types';
import * as v from 'valibot';
import { ApiError, ContractError, NetworkError } from './api-error.js';
import {
  callLogSchema,
  contactsResponseSchema,
  createCallResponseSchema,
  historyResponseSchema,
  presenceSchema,
  tokenResponseSchema,
  wrapUpSchema
} from './wire-schemas.js';

/** Headers for the host's session, asked before every request so a renewed session is picked up. */
export type AuthHeaders = () => Record<string, string> | Promise<Record<string, string>>;

export interface ApiClientOptions {
  /** Base URL of the API (`https://crm.example.com`); empty for same origin. */
  apiBase?: string;
  /** Full URL or path of the SignalWire token endpoint; empty or unset: `DEFAULT_TOKEN_ENDPOINT`. */
  tokenEndpoint?: string | undefined;
  getAuthHeaders?: AuthHeaders | undefined;
  fetch?: typeof fetch;
}

/** Everything the widget asks of the API. Every answer is checked against the wire schemas (valibot, typed by shared-types). */
export interface ApiClient {
  fetchToken(): Promise<TokenResponse>;
  createCall(body: CreateCallBody): Promise<{ id: string; created: boolean }>;
  /** The REST fallback: the API has SignalWire ring `agentNumber` and connect it to `number`. */
  bridgeCall(body: BridgeCallBody): Promise<{ id: string; created: boolean }>;
  patchCall(id: string, body: PatchCallBody): Promise<CallLog>;
  /** Ends a call placed through the agent's phone; answers the closed call log (409 when already over). */
  hangupCall(id: string): Promise<CallLog>;
  getCall(id: string, signal?: AbortSignal): Promise<CallLog>;
  /** Stores a finished call's disposition and notes, replacing any earlier wrap-up (idempotent; docs/adr/0070). */
  putWrapUp(id: string, body: PutWrapUpBody): Promise<WrapUp>;
  history(query: HistoryQueryInput, signal?: AbortSignal): Promise<HistoryResponse>;
  contactsByNumber(number: string, signal?: AbortSignal): Promise<ContactsResponse>;
  presence(number: string, signal?: AbortSignal): Promise<Presence>;
  /**
   * Opens the presence Server-Sent Events stream. Read through fetch, not EventSource, because
   * EventSource cannot send the Authorization header the API requires.
   */
  presenceStream(numbers: string[], signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
  /**
   * For an API on another origin: `HEAD /api/telephony/calls` with the create's headers, once per page, so that
   * the browser's CORS preflight for the create is paid ahead of the first call (docs/adr/0139). Never rejects.
   */
  warmCreate(): Promise<void>;
}

export const DEFAULT_TOKEN_ENDPOINT = '/api/telephony/signalwire/token';

/** The create URLs whose preflight this page paid ahead (`warmCreate`). */
const warmed = new Set<string>();

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = (options.apiBase ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const url = (path: string) => (/^https?:\/\//.test(path) ? path : `${base}${path}`);

  async function request<S extends v.GenericSchema>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
    signal?: AbortSignal
  ): Promise<{ status: number; data: v.InferOutput<S> }> {
    const headers: Record<string, string> = { accept: 'application/json', ...(await options.getAuthHeaders?.()) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(url(path), {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
        credentials: 'same-origin'
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new NetworkError(undefined, { cause: error });
    }
    if (!response.ok) throw await ApiError.from(response);
    let json: unknown;
    try {
      json = await response.json();
    } catch (error) {
      throw new ContractError(`${method} ${path}: the answer is not JSON`, { cause: error });
    }
    const parsed = v.safeParse(schema, json);
    if (!parsed.success) throw new ContractError(`${method} ${path}: unexpected answer (${v.getDotPath(parsed.issues[0]) ?? ''})`);
    return { status: response.status, data: parsed.output };
  }

  const query = (params: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
    const text = search.toString();
    return text ? `?${text}` : '';
  };

  return {
    async warmCreate() {
      try {
        const target = new URL(url('/api/telephony/calls'), globalThis.location?.href);
        if (target.origin === globalThis.location?.origin || warmed.has(target.href)) return;
        warmed.add(target.href);
        const headers = { accept: 'application/json', 'content-type': 'application/json', ...(await options.getAuthHeaders?.()) };
        await doFetch(target.href, { method: 'HEAD', headers, credentials: 'same-origin' });
      } catch {
        // Only an early preflight was at stake: the create pays it if need be.
      }
    },
    async fetchToken() {
      return (await request('POST', options.tokenEndpoint || DEFAULT_TOKEN_ENDPOINT, tokenResponseSchema, { deviceType: 'browser' })).data;
    },
    async createCall(body) {
      const { status, data } = await request('POST', '/api/telephony/calls', createCallResponseSchema, body);
      return { id: data.id, created: status === 201 };
    },
    async bridgeCall(body) {
      const { status, data } = await request('POST', '/api/telephony/calls/bridge', createCallResponseSchema, body);
      return { id: data.id, created: status === 201 };
    },
    async patchCall(id, body) {
      return (await request('PATCH', `/api/telephony/calls/${encodeURIComponent(id)}`, callLogSchema, body)).data;
    },
    async hangupCall(id) {
      return (await request('POST', `/api/telephony/calls/${encodeURIComponent(id)}/hangup`, callLogSchema, {})).data;
    },
    async getCall(id, signal) {
      return (await request('GET', `/api/telephony/calls/${encodeURIComponent(id)}`, callLogSchema, undefined, signal)).data;
    },
    async putWrapUp(id, body) {
      return (await request('PUT', `/api/telephony/calls/${encodeURIComponent(id)}/wrap-up`, wrapUpSchema, body)).data;
    },
    async history(params, signal) {
      return (await request('GET', `/api/telephony/history${query({ ...params })}`, historyResponseSchema, undefined, signal)).data;
    },
    async contactsByNumber(number, signal) {
      return (await request('GET', `/api/telephony/contacts${query({ number })}`, contactsResponseSchema, undefined, signal)).data;
    },
    async presence(number, signal) {
      return (await request('GET', `/api/telephony/presence${query({ number })}`, presenceSchema, undefined, signal)).data;
    },
    async presenceStream(numbers, signal) {
      const headers = { accept: 'text/event-stream', ...(await options.getAuthHeaders?.()) };
      let response: Response;
      try {
        response = await doFetch(url(`/api/telephony/presence/stream${query({ numbers: numbers.join(',') })}`), {
          headers,
          signal,
          credentials: 'same-origin',
          // Never through the HTTP cache: Firefox holds a second request for a URL whose response it is still
          // writing to the cache, so a second stream for the same numbers (the ringing panel beside the call's
          // contact card) would wait for the first to end (docs/adr/0124).
          cache: 'no-store'
        });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new NetworkError(undefined, { cause: error });
      }
      if (!response.ok) throw await ApiError.from(response);
      if (!response.body) throw new ContractError('the presence stream has no body');
      return response.body;
    }
  };
}
