export { listAudioDevices } from './call-transport.js';
export type { AudioDevices, CallTransport, DialRequest, TransportCall } from './call-transport.js';
export { callSessionActor } from './call-session-actor.js';
export { createSignalWireTransport, resetSignalWireClient } from './signalwire.js';
export type { SignalWireSdk, SignalWireTransportOptions } from './signalwire.js';
