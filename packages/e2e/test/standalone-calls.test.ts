import { standaloneScenarios } from './standalone-scenarios.js';

// Chromium, direct mode: the number is the SDK's `to` (ADR 0065).
await standaloneScenarios({ browser: 'chromium', dialMode: 'direct' });
