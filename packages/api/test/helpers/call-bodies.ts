import { randomUUID } from 'node:crypto';

/** A valid create body for an outbound call starting now; override any field. */
export function newCallBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clientSessionId: randomUUID(),
    direction: 'outbound',
    number: '+12025550100',
    status: 'dialing',
    startedAt: new Date().toISOString(),
    ...overrides
  };
}

export const isoAfter = (base: string, ms: number): string => new Date(Date.parse(base) + ms).toISOString();
