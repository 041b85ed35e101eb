import { standaloneScenarios } from './standalone-scenarios.js';

// Chromium, address mode: the widget dials the Fabric address and its SWML script connects the number (ADR 0065).
await standaloneScenarios({ browser: 'chromium', dialMode: 'address' });
