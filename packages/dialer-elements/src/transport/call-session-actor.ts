import { fromCallback } from 'xstate';
import type { CallSessionInput } from '../machine/call-machine.js';
import type { SessionCommand, TransportEvent } from '../machine/types.js';
import type { CallTransport } from './call-transport.js';

/**
 * The machine's `callSession` actor for a transport: places the call when started, forwards commands,
 * and hangs up when stopped (the machine stops it on leaving the live call, whoever ended it).
 */
export function callSessionActor(transport: CallTransport) {
  return fromCallback<SessionCommand, CallSessionInput>(({ input, sendBack, receive }) => {
    const emit = (event: TransportEvent) => sendBack(event);
    const call = transport.dial({ number: input.number, token: input.token }, emit);
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
    return () => call.hangup();
  });
}
