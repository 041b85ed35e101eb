import { fromCallback } from 'xstate';
import type { CallSessionInput } from '../machine/call-machine.js';
import type { SessionCommand, TransportEvent } from '../machine/types.js';
import { readQuality, type QualityCounters } from '../quality/call-quality.js';
import type { CallTransport } from './call-transport.js';

/** How often call quality is read while the session runs: browsers refresh RTCP-based figures every 1–5 s. */
export const QUALITY_INTERVAL_MS = 2_000;

/**
 * The machine's `callSession` actor for a transport: places the call when started, forwards commands,
 * reads the call's quality every `qualityIntervalMs` (the machine keeps the readings while connected),
 * and hangs up when stopped (the machine stops it on leaving the live call, whoever ended it).
 */
export function callSessionActor(transport: CallTransport, options: { qualityIntervalMs?: number } = {}) {
  return fromCallback<SessionCommand, CallSessionInput>(({ input, sendBack, receive }) => {
    const emit = (event: TransportEvent) => sendBack(event);
    const call = transport.dial({ number: input.number, token: input.token }, emit);
    let counters: QualityCounters | undefined;
    let stopped = false;
    const timer = call.getStats
      ? setInterval(() => {
          call.getStats!().then(
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
        }, options.qualityIntervalMs ?? QUALITY_INTERVAL_MS)
      : undefined;
    const refused = (command: 'mute' | 'unmute' | 'hold' | 'resume') => (error: unknown) =>
      emit({ type: 'TRANSPORT.COMMAND_FAILED', command, message: error instanceof Error ? error.message : String(error) });
    receive((command) => {
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
      call.hangup();
    };
  });
}
