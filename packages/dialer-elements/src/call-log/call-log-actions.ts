import type { LogCreateParams, LogPatchParams } from '../machine/call-machine.js';
import type { DialerEvent } from '../machine/types.js';
import { CallLiveElsewhereError, type CallLogOutbox } from './call-log-outbox.js';

interface Self {
  send(event: DialerEvent): void;
}

/**
 * The machine's `logCreate` / `logPatch` actions, writing through the outbox. The create's answer comes
 * back to the machine as `LOG.CREATED` (its call id) or `LOG.CONFLICT_LIVE`.
 */
export function callLogActions(outbox: Pick<CallLogOutbox, 'create' | 'patch'>) {
  return {
    logCreate: ({ self }: { self: Self }, body: LogCreateParams) => {
      outbox.create(body).then(
        (callId) => self.send({ type: 'LOG.CREATED', clientSessionId: body.clientSessionId, callId }),
        (error: unknown) => {
          if (error instanceof CallLiveElsewhereError) {
            self.send({ type: 'LOG.CONFLICT_LIVE', clientSessionId: body.clientSessionId, openCallId: error.openCallId });
          }
        }
      );
    },
    logPatch: (_args: unknown, params: LogPatchParams | null) => {
      // Null: the API writes this call's log itself (a bridge call).
      if (params) outbox.patch(params.clientSessionId, params.body);
    }
  };
}
