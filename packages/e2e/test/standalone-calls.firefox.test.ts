import { standaloneScenarios } from './standalone-scenarios.js';

// Firefox ESR with the real SDK (docs/adr/0086), in address mode: the mode a real space is set up in.
await standaloneScenarios({ browser: 'firefox', dialMode: 'address' });
