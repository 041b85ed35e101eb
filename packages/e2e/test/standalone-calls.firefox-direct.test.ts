import { standaloneScenarios } from './standalone-scenarios.js';

// Firefox ESR with the real SDK (docs/adr/0086), in direct mode: both dial modes in both browsers (issue 17).
await standaloneScenarios({ browser: 'firefox', dialMode: 'direct' });
