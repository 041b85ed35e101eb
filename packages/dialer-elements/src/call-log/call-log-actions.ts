import type { LogCreateParams, LogPatchParams } from '../machine/call-machine.js';
import type { DialerEvent } from '../machine/types.js';
import { ApiError } from '../api/api-error.js';
import { CallLiveElsewhereError, type CallLogOutbox } from './call-log-outbox.js';

interface Self {
  send(event: DialerEvent): void;
}

/**
 * The machine's `logCreate` / `logPatch` actions, writing through the outbox. The create's answer comes
 * back to the machine as `LOG.CREATED` (its call id) or `LOG.CONFLICT_LIVE`. `accepted(clientSessionId)`
 * is what the call session waits for before it dials SignalWire (docs/adr/0053): true once the API took
 * the call, or once the outbox holds it for later because the API did not answer, or refused it for another
 * reason (the call still goes on, unlogged); false when the API refused it because a call of this browser
 * is live, or because the destination policy refuses the number (`LOG.REFUSED`, docs/adr/0085).
 */
export function callLogActions(outbox: Pick<CallLogOutbox, 'create' | 'patch'>) {
  const accepted = new Map<string, Promise<boolean>>();
  return {
    accepted: (clientSessionId: string): Promise<boolean> => accepted.get(clientSessionId) ?? Promise.resolve(true),
    logCreate: ({ self }: { self: Self }, body: LogCreateParams) => {
      // One call at a time: only the latest create is ever waited for.
      accepted.clear();
      accepted.set(
        body.clientSessionId,
        new Promise<boolean>((resolve) => {
          outbox
            .create(body, () => resolve(true))
            .then(
              (callId) => {
                resolve(true);
                self.send({ type: 'LOG.CREATED', clientSessionId: body.clientSessionId, callId });
              },
              (error: unknown) => {
                const policy = error instanceof ApiError ? policyRefusal(error) : undefined;
                resolve(!policy && !(error instanceof CallLiveElsewhereError));
                if (error instanceof CallLiveElsewhereError) {
                  self.send({ type: 'LOG.CONFLICT_LIVE', clientSessionId: body.clientSessionId, openCallId: error.openCallId });
                }
                if (policy) self.send({ type: 'LOG.REFUSED', clientSessionId: body.clientSessionId, error: { code: 'DIAL_POLICY', message: policy } });
              }
            );
        })
      );
    },
    logPatch: (_args: unknown, params: LogPatchParams | null) => {
      // Null: the API writes this call's log itself (a bridge call).
      if (params) outbox.patch(params.clientSessionId, params.body);
    }
  };
}

/** The message of a 400 naming the destination policy (`details.policy`, docs/api.md), the issue's own when it has one. */
function policyRefusal(error: ApiError): string | undefined {
  const details = error.details as { policy?: unknown; issues?: { message?: unknown }[] } | undefined;
  if (!details?.policy) return undefined;
  const message = details.issues?.[0]?.message;
  return typeof message === 'string' ? message : error.message;
}
