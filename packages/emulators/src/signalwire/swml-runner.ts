import type { HangupCause } from './causes.js';
import type { EmulatorLogger } from './logger.js';
import { parseCondition, type HangupReason, type SwmlDocument, type SwmlStep } from './swml-document.js';

/** How an address's script ended: a `connect` to a number, or a hangup with the caller's cause. */
export type SwmlOutcome =
  | { kind: 'connect'; to: string; from: string | undefined; timeoutMs: number | undefined; trace: string[] }
  | { kind: 'hangup'; cause: HangupCause; trace: string[] };

/**
 * SWML `hangup.reason` as the caller sees it. The docs list the reasons without saying what each sends
 * (signalwire/docs#810); the emulator reads them as their names suggest: `busy` 486 → USER_BUSY,
 * `decline` 603 → CALL_REJECTED, `hangup` (and no reason) → NORMAL_CLEARING.
 */
const HANGUP_CAUSE: Record<HangupReason, HangupCause> = { hangup: 'NORMAL_CLEARING', busy: 'USER_BUSY', decline: 'CALL_REJECTED' };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_STEPS = 200;
const DEFAULT_REQUEST_TIMEOUT_S = 5;

export interface SwmlCallContext {
  call: { call_id: string; from: string; to: string; type: 'webrtc'; direction: 'inbound'; project_id: string; user_variables: Record<string, unknown> };
}

type Scope = { call: SwmlCallContext['call']; vars: Record<string, unknown> };

function lookup(scope: Scope, path: string): unknown {
  const [head, ...rest] = path.split('.');
  // A bare name is looked up in `vars` first, as SignalWire documents for unscoped variables.
  let value: unknown = head === 'call' ? scope.call : head === 'vars' ? scope.vars : scope.vars[head as string];
  for (const key of rest) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** `${path}` and `%{path}` in every string of a value; an unset variable is the empty string. */
function substitute(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return value.replace(/[$%]\{([A-Za-z_][\w.]*)\}/g, (_match, path: string) => asText(lookup(scope, path)));
  if (Array.isArray(value)) return value.map((item) => substitute(item, scope));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, scope)]));
  return value;
}

/**
 * Runs the `main` section of an address's script for one call. Requests go to loopback hosts only (the
 * emulator never reaches the internet); a request that fails sets `request_result` to `failed` and leaves
 * `request_response` unset, so a script that branches on the response takes its default branch.
 */
export async function runSwml(document: SwmlDocument, context: SwmlCallContext, logger: EmulatorLogger, fetchImpl: typeof fetch = fetch): Promise<SwmlOutcome> {
  const scope: Scope = { call: context.call, vars: {} };
  const trace: string[] = [];
  let executed = 0;

  async function run(steps: SwmlStep[]): Promise<SwmlOutcome | null> {
    for (const step of steps) {
      if (++executed > MAX_STEPS) return { kind: 'hangup', cause: 'NORMAL_TEMPORARY_FAILURE', trace: [...trace, 'too-many-steps'] };
      const [method, raw] = Object.entries(step)[0] as [string, unknown];
      switch (method) {
        case 'answer':
        case 'play':
          trace.push(method);
          break;
        case 'set':
          Object.assign(scope.vars, substitute(raw, scope) as Record<string, unknown>);
          trace.push('set');
          break;
        case 'request':
          await request(raw as RequestParams);
          break;
        case 'switch': {
          const params = raw as { variable: string; case: Record<string, SwmlStep[]>; default?: SwmlStep[] };
          const value = asText(lookup(scope, params.variable));
          const branch = Object.hasOwn(params.case, value) ? params.case[value] : params.default;
          trace.push(`switch:${Object.hasOwn(params.case, value) ? value : 'default'}`);
          const outcome = branch ? await run(branch) : null;
          if (outcome) return outcome;
          break;
        }
        case 'cond': {
          const clauses = raw as Array<{ when?: string; then?: SwmlStep[]; else?: SwmlStep[] }>;
          for (const clause of clauses) {
            if (clause.else) {
              trace.push('cond:else');
              const outcome = await run(clause.else);
              if (outcome) return outcome;
              break;
            }
            const condition = parseCondition(clause.when ?? '');
            const value = condition ? lookup(scope, condition.path) : undefined;
            const holds =
              condition?.op === 'truthy'
                ? Boolean(value) && value !== 'false'
                : condition?.op === '=='
                  ? asText(value) === condition.literal
                  : asText(value) !== condition?.literal;
            if (holds) {
              trace.push(`cond:${clause.when}`);
              const outcome = await run(clause.then ?? []);
              if (outcome) return outcome;
              break;
            }
          }
          break;
        }
        case 'hangup': {
          const reason = (typeof raw === 'string' ? raw : (raw as { reason?: HangupReason } | null)?.reason) ?? 'hangup';
          trace.push(`hangup:${reason}`);
          return { kind: 'hangup', cause: HANGUP_CAUSE[reason as HangupReason], trace };
        }
        case 'connect': {
          const params = substitute(raw, scope) as { to: string; from?: string; timeout?: number | string };
          const timeout = params.timeout === undefined || params.timeout === '' ? undefined : Number(params.timeout);
          trace.push('connect');
          return { kind: 'connect', to: params.to, from: params.from || undefined, timeoutMs: timeout && timeout > 0 ? timeout * 1000 : undefined, trace };
        }
        default:
          // Refused at creation; kept for a document built in code.
          return { kind: 'hangup', cause: 'NORMAL_TEMPORARY_FAILURE', trace: [...trace, `unsupported:${method}`] };
      }
    }
    return null;
  }

  interface RequestParams {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: unknown;
    timeout?: number;
    save_variables?: boolean;
  }

  async function request(raw: RequestParams): Promise<void> {
    const params = substitute(raw, scope) as RequestParams;
    delete scope.vars['request_response'];
    let url: URL;
    try {
      url = new URL(params.url);
    } catch {
      scope.vars['request_result'] = 'failed';
      trace.push('request:failed');
      return;
    }
    if (!LOOPBACK_HOSTS.has(url.hostname)) {
      logger.warn({ host: url.hostname }, 'SWML request to a non-loopback host refused by the emulator');
      scope.vars['request_result'] = 'failed';
      trace.push('request:refused-host');
      return;
    }
    try {
      const body = params.body === undefined ? undefined : typeof params.body === 'string' ? params.body : JSON.stringify(params.body);
      const response = await fetchImpl(url, {
        method: params.method ?? 'GET',
        headers: {
          ...(typeof params.body === 'object' && !Object.keys(params.headers ?? {}).some((name) => name.toLowerCase() === 'content-type')
            ? { 'content-type': 'application/json' }
            : {}),
          ...params.headers
        },
        body,
        signal: AbortSignal.timeout((params.timeout ?? DEFAULT_REQUEST_TIMEOUT_S) * 1000)
      });
      const text = await response.text();
      scope.vars['request_result'] = response.ok ? 'success' : 'failed';
      scope.vars['return_value'] = response.status;
      if (response.ok && params.save_variables) {
        try {
          scope.vars['request_response'] = JSON.parse(text);
        } catch {
          scope.vars['request_response'] = text;
        }
      }
      trace.push(`request:${response.status}`);
    } catch (error) {
      logger.warn({ err: error }, 'SWML request failed');
      scope.vars['request_result'] = 'failed';
      trace.push('request:failed');
    }
  }

  const main = document.sections['main'] ?? [];
  // A script that runs out of steps hangs up, as SignalWire does at the end of a document.
  return (await run(main)) ?? { kind: 'hangup', cause: 'NORMAL_CLEARING', trace: [...trace, 'end'] };
}
