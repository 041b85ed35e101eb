// The one export of @signalwire/js the transport uses, named, so that the bundler can leave out the parts
// of the SDK's module nothing reaches (importing the whole namespace keeps every export).
export { SignalWire } from '@signalwire/js';
