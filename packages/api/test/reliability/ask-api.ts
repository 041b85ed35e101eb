import { randomUUID } from 'node:crypto';
import type { ProxiedApi } from './proxied-api.js';

/** An answer as a fault test reads it: status 0 and the error's name when no answer came at all. */
export interface Answer {
  status: number;
  body: unknown;
  headers: Headers | undefined;
  ms: number;
}

/**
 * One real HTTP request to a proxied API, timed. Never throws: a test of outages must see a missing answer
 * as an answer (status 0), and how long it took to get it.
 */
export async function ask(
  api: ProxiedApi,
  userId: string,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  body?: unknown,
  timeoutMs = 15_000
): Promise<Answer> {
  const started = Date.now();
  try {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${api.sign(userId)}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs)
    });
    return { status: response.status, body: (await response.json()) as unknown, headers: response.headers, ms: Date.now() - started };
  } catch (error) {
    return { status: 0, body: (error as Error).name, headers: undefined, ms: Date.now() - started };
  }
}

/** A new outbound call's create body, a fresh session each time. */
export const newCall = () => ({
  clientSessionId: randomUUID(),
  direction: 'outbound',
  number: '+12025550100',
  status: 'dialing',
  startedAt: new Date().toISOString()
});

/** An answer in a failure message. */
export const describe = (answer: Answer) => `${answer.status} ${JSON.stringify(answer.body)} after ${answer.ms} ms`;
