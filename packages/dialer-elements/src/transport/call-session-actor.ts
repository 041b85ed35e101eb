import { fromCallback } from 'xstate';
import type { CallSessionInput, SessionCommand, TransportEvent } from './transport-events.js';
import { readQuality, type QualityCounters } from '../quality/call-quality.js';
import type { CallTransport, TransportCall } from './call-transport.js';

/** How often call quality is read while the session runs: browsers refresh RTCP-based figures every 1–5 s. */
export const QUALITY_INTERVAL_MS = 2_000;

export interface CallSessionOptions {
  qualityIntervalMs?: number;
  /**
   * Waited for before the call is placed: false means the call log refused the call and it must never
   * reach the provider (docs/adr/0053). Unset: the call is placed at once.
   */
  accepted?: (clientSessionId: string) => Promise<boolean>;
}

/**
 * The machine's `callSession` actor for a transport: places the call when started (once `accepted`),
 * forwards commands, reads the call's quality every `qualityIntervalMs` (the machine keeps the readings
 * while connected), and hangs up when stopped (the machine stops it on leaving the live call, whoever ended it).
 */
export function callSessionActor(transport: CallTransport, options: CallSessionOptions = {}) {
  return fromCallback<SessionCommand, CallSessionInput>(({ input, sendBack, receive }) => {
    const emit = (event: TransportEvent) => sendBack(event);
    let token = input.token;
    let call: TransportCall | undefined;
    let counters: QualityCounters | undefined;
    let stopped = false;
    let timer: ReturnType<typeof setInterval> | undefined;
    const place = (accepted: boolean) => {
      if (stopped || !accepted) return;
      const placed = (call = transport.dial({ number: input.number, token, clientSessionId: input.clientSessionId }, emit));
      if (!placed.getStats) return;
      timer = setInterval(() => {
        placed.getStats!().then(
          (report) => {
            if (stopped || !report) return;
            const reading = readQuality(report, counters);
            if (!reading) return;
            counters = reading.counters;
            emit({ type: 'TRANSPORT.QUALITY', quality: reading.quality });
          },
          // A reading that fails (the connection closing under it) is skipped; the next one may work.
          () => undefined
        );
      }, options.qualityIntervalMs ?? QUALITY_INTERVAL_MS);
    };
    if (options.accepted) void options.accepted(input.clientSessionId).then(place);
    else place(true);
    const refused = (command: 'mute' | 'unmute' | 'hold' | 'resume') => (error: unknown) =>
      emit({ type: 'TRANSPORT.COMMAND_FAILED', command, message: error instanceof Error ? error.message : String(error) });
    receive((command) => {
      if (command.type === 'UPDATE_TOKEN') token = command.token;
      if (!call) return;
      switch (command.type) {
        case 'MUTE':
          call.mute().catch(refused('mute'));
          break;
        case 'UNMUTE':
          call.unmute().catch(refused('unmute'));
          break;
        case 'HOLD':
          call.hold().catch(refused('hold'));
          break;
        case 'RESUME':
          call.unhold().catch(refused('resume'));
          break;
        case 'SEND_DIGITS':
          // A lost digit is not worth failing the call over; the keypad shows what was pressed.
          call.sendDigits(command.digits).catch(() => undefined);
          break;
        case 'UPDATE_TOKEN':
          call.updateToken(command.token).catch(() => undefined);
          break;
      }
    });
    return () => {
      stopped = true;
      clearInterval(timer);
      call?.hangup();
    };
  });
}
