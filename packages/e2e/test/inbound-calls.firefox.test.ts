import { inboundScenarios } from './inbound-scenarios.js';

// Firefox ESR with the real SDK (docs/adr/0086): the same incoming calls as in Chromium.
await inboundScenarios({ browser: 'firefox' });
