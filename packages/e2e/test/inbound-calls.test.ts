import { inboundScenarios } from './inbound-scenarios.js';

// Chromium with the real SDK.
await inboundScenarios({ browser: 'chromium' });
