import type { CallToken, TransportEvent } from './transport-events.js';

export interface DialRequest {
  /** E.164. */
  number: string;
  token: CallToken;
  /** The call's log entry, handed to the address's script in address mode. */
  clientSessionId?: string;
}

/** One call placed through a transport. Every method is safe to call after the call has ended. */
export interface TransportCall {
  /** Ends the call (or stops it being placed). Never throws, never waits. */
  hangup(): void;
  sendDigits(digits: string): Promise<void>;
  hold(): Promise<void>;
  unhold(): Promise<void>;
  mute(): Promise<void>;
  unmute(): Promise<void>;
  updateToken(token: CallToken): Promise<void>;
  /**
   * WebRTC statistics of the call's peer connection (jitter, loss, round trip), or null while there is
   * none. Optional: a transport without media of its own has nothing to report.
   */
  getStats?(): Promise<RTCStatsReport | null>;
}

export interface AudioDevices {
  inputs: MediaDeviceInfo[];
  outputs: MediaDeviceInfo[];
}

/**
 * How calls reach the phone network. The machine's `callSession` actor drives one; the element picks
 * which. Progress comes back through `emit` as `TRANSPORT.*` events: RINGING, CONNECTED, ENDED (with the
 * provider's cause) or FAILED.
 */
export interface CallTransport {
  readonly name: string;
  /** False when this browser cannot place calls this way (no WebRTC). */
  supported(): boolean;
  dial(request: DialRequest, emit: (event: TransportEvent) => void): TransportCall;
  listDevices(): Promise<AudioDevices>;
  /** Microphone for this and later calls. */
  setInputDevice(deviceId: string): Promise<void>;
  /** Speaker for this and later calls (where the browser can choose one). */
  setOutputDevice(deviceId: string): Promise<void>;
  /** Fetches the provider's code ahead of the first dial (docs/adr/0081); never rejects. */
  preload?(): Promise<void>;
  /** Opens the provider's connection with this token ahead of the first dial, where the host allows it; never rejects. */
  preconnect?(token: CallToken): Promise<void>;
  /**
   * Closes the provider's connection, if no call of this page and no incoming line uses it: another tab of
   * the profile carries a call, and one connection per profile is enough (docs/adr/0137). Never rejects.
   */
  dropConnection?(): Promise<void>;
  /**
   * Opens the microphone at the click for the dial about to be placed, so that the capture opens while the
   * contact and the call log are asked (docs/adr/0131). The next `dial()` takes it over (a refusal is still
   * reported by that dial, before anything reaches the provider); `releaseMicrophone()` closes it when no
   * dial took it (the call ended before it was placed).
   */
  openMicrophone?(): void;
  releaseMicrophone?(): void;
}

/** Lists audio devices through the browser; labels are empty until microphone permission is granted. */
export async function listAudioDevices(): Promise<AudioDevices> {
  const devices = (await globalThis.navigator?.mediaDevices?.enumerateDevices?.()) ?? [];
  return {
    inputs: devices.filter((d) => d.kind === 'audioinput'),
    outputs: devices.filter((d) => d.kind === 'audiooutput')
  };
}
