export { startSignalWireEmulator, startSignalWireEmulatorInWorker, type SignalWireEmulator, type SignalWireEmulatorOptions } from './signalwire/index.js';
export { startSwitchFreeEmulator } from './switchfree/index.js';
