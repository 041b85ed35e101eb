// The one name the transport uses from `@signalwire/js`, as the module it loads with `import()`: a dynamic
// import of the package itself keeps every export (Video, Chat, PubSub...), since the bundler cannot know
// which the caller reads (docs/adr/0080).
export { SignalWire } from '@signalwire/js';
