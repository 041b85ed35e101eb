// A CallTransport whose calls the test drives by hand: it records what the widget asked for and lets
// the test play the provider's side (ringing, answer, hangup with a cause, failure).
import type { TransportEvent } from '../../src/transport/transport-events.js';
import type { CallTransport, DialRequest } from '../../src/transport/call-transport.js';

export interface ScriptedCall {
  request: DialRequest;
  commands: string[];
  hungUp: boolean;
  emit(event: TransportEvent): void;
  ring(): void;
  answer(): void;
  end(cause?: string, causeCode?: number): void;
}

export function createScriptedTransport(): CallTransport & { calls: ScriptedCall[]; inputDevice: string | null; dropped: number } {
  const calls: ScriptedCall[] = [];
  const transport = {
    name: 'scripted',
    calls,
    inputDevice: null as string | null,
    /** How many times the widget closed the provider's connection for another tab's call. */
    dropped: 0,
    supported: () => true,
    async dropConnection() {
      transport.dropped += 1;
    },
    async listDevices() {
      return { inputs: [], outputs: [] };
    },
    async setInputDevice(id: string) {
      transport.inputDevice = id;
    },
    async setOutputDevice() {},
    dial(request: DialRequest, emit: (event: TransportEvent) => void) {
      const call: ScriptedCall = {
        request,
        commands: [],
        hungUp: false,
        emit: (event) => {
          if (!call.hungUp) emit(event);
        },
        ring: () => call.emit({ type: 'TRANSPORT.RINGING' }),
        answer: () => call.emit({ type: 'TRANSPORT.CONNECTED', providerCallId: `prov-${calls.length}` }),
        end: (cause = 'NORMAL_CLEARING', causeCode = 16) => call.emit({ type: 'TRANSPORT.ENDED', cause, causeCode })
      };
      calls.push(call);
      const record = (name: string) => async () => {
        call.commands.push(name);
      };
      return {
        hangup: () => {
          if (!call.hungUp) call.commands.push('hangup');
          call.hungUp = true;
        },
        sendDigits: async (digits: string) => {
          call.commands.push(`digits:${digits}`);
        },
        hold: record('hold'),
        unhold: record('unhold'),
        mute: record('mute'),
        unmute: record('unmute'),
        updateToken: record('updateToken')
      };
    }
  };
  return transport;
}
