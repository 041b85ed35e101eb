import { audioDevicesScenario } from './audio-devices-scenario.js';

// Firefox ESR with a private PulseAudio server's devices (docs/adr/0135).
await audioDevicesScenario('firefox');
