export { listAudioDevices } from './call-transport.js';
export type { AudioDevices, CallTransport, DialRequest, TransportCall } from './call-transport.js';
export { callSessionActor } from './call-session-actor.js';
export type { CallSessionOptions } from './call-session-actor.js';
export type { CallSessionInput, CallToken, SessionCommand, TransportEvent } from './transport-events.js';
export { createSignalWireTransport, resetSignalWireClient } from './signalwire.js';
export type { SignalWireSdk, SignalWireTransportOptions } from './signalwire.js';
