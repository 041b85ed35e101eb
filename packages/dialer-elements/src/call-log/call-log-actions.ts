import type { LogCreateParams, LogPatchParams } from '../machine/call-machine.js';
import type { DialerEvent } from '../machine/types.js';
import { CallLiveElsewhereError, type CallLogOutbox } from './call-log-outbox.js';

interface Self {
  send(event: DialerEvent): void;
}

/**
 * The machine's `logCreate` / `logPatch` actions, writing through the outbox. The create's answer comes
 * back to the machine as `LOG.CREATED` (its call id) or `LOG.CONFLICT_LIVE`. `accepted(clientSessionId)`
 * is what the call session waits for before it dials SignalWire (docs/adr/0053): true once the API took
 * the call, or once the outbox holds it for later because the API did not answer; false when the API
 * refused it because a call of this browser is live.
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
          outbox.create(body, () => resolve(true)).then(
            (callId) => {
              resolve(true);
              self.send({ type: 'LOG.CREATED', clientSessionId: body.clientSessionId, callId });
            },
            (error: unknown) => {
              resolve(false);
              if (error instanceof CallLiveElsewhereError) {
                self.send({ type: 'LOG.CONFLICT_LIVE', clientSessionId: body.clientSessionId, openCallId: error.openCallId });
              }
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
