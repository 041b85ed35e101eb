import { audioDevicesScenario } from './audio-devices-scenario.js';

// Chromium with its fake devices (docs/adr/0111).
await audioDevicesScenario('chromium');
