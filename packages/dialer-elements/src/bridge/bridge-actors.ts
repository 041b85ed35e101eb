import { isTerminalStatus, type CallLog } from '@sw-dialer/shared-types';
import { fromCallback, fromPromise } from 'xstate';
import type { ApiClient } from '../api/api-client.js';
import { ApiError, NetworkError } from '../api/api-error.js';
import { CallLiveElsewhereError, closeAbandoned, conflictingCall } from '../call-log/call-log-outbox.js';
import type { CallOwnership } from '../call-log/call-ownership.js';
import type { BridgeCallInput } from '../machine/call-machine.js';
import type { BridgeEvent } from '../machine/types.js';

export interface BridgeActorOptions {
  /** Between status reads while the call is open; the API asks SignalWire on each read. */
  pollMs?: number;
  /** Waits after failed reads; the last one repeats. */
  retryDelaysMs?: number[];
  now?: () => number;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The machine's bridge actors (docs/adr/0024): `placeBridgeCall` asks the API to ring the agent's phone,
 * `followBridgeCall` reads the call log until it is closed, `endBridgeCall` asks the API to end the call
 * (End pressed). The API keys the placing request on `clientSessionId`, so one whose answer was lost is
 * sent again safely (the agent is never rung twice). A 409 naming an open call is handled as the outbox
 * does: closed as abandoned when no tab carries it, the new call refused when one does.
 */
export function bridgeActors(
  api: Pick<ApiClient, 'bridgeCall' | 'getCall' | 'patchCall' | 'hangupCall'>,
  ownership: Pick<CallOwnership, 'isLive'>,
  options: BridgeActorOptions = {}
) {
  const pollMs = options.pollMs ?? 1_000;
  const retryDelaysMs = options.retryDelaysMs ?? [1_000, 2_000, 5_000];
  const now = options.now ?? (() => Date.now());

  const placeBridgeCall = fromPromise<{ id: string }, BridgeCallInput>(async ({ input }) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return { id: (await api.bridgeCall(input)).id };
      } catch (error) {
        const openCallId = conflictingCall(error);
        if (openCallId && attempt < 2) {
          if (await ownership.isLive(openCallId)) throw new CallLiveElsewhereError(openCallId);
          // Left open by a page that crashed or was reloaded: close it, then ask again.
          await closeAbandoned(api, openCallId, now());
          continue;
        }
        // Only a request that got no answer is sent again; any answer (a 503 included: the API closed
        // the row as failed) is final.
        if (error instanceof NetworkError && attempt < retryDelaysMs.length) {
          await wait(retryDelaysMs[attempt]!);
          continue;
        }
        throw error;
      }
    }
  });

  const followBridgeCall = fromCallback<BridgeEvent, { callId: string }>(({ input, sendBack }) => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const read = async () => {
      try {
        const call = await api.getCall(input.callId, controller.signal);
        if (controller.signal.aborted) return;
        failures = 0;
        sendBack({ type: 'BRIDGE.STATUS', call });
        if (isTerminalStatus(call.status)) return;
      } catch {
        if (controller.signal.aborted) return;
        // The call goes on on the phones whatever happens here: keep reading, more slowly.
        failures += 1;
      }
      const delay = failures === 0 ? pollMs : retryDelaysMs[Math.min(failures, retryDelaysMs.length) - 1]!;
      timer = setTimeout(() => void read(), delay);
    };
    void read();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  });

  /** End pressed: the API ends the call at SignalWire. A 409 means it is over already: its log says how. */
  const endBridgeCall = fromPromise<CallLog, { callId: string }>(({ input }) =>
    api.hangupCall(input.callId).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 409) return api.getCall(input.callId);
      throw error;
    })
  );

  return { placeBridgeCall, followBridgeCall, endBridgeCall };
}
