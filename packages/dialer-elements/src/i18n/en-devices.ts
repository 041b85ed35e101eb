// The English words of the audio settings and device notices (src/devices/, <sw-device-settings>): part of the
// catalogue's keys (en.ts types them with the rest), loaded with the devices' own on-demand chunk, so neither the
// initial load nor a call carries them (docs/adr/0111). Other languages keep these keys in their one file.

const enDevices = {
  microphone: 'Microphone',
  speaker: 'Speaker',
  microphoneLevel: 'Microphone level',
  systemDefault: 'System default',
  /** A device the browser gives no name (before the microphone was allowed): "Microphone 2". */
  unnamedDevice: (kind: string, n: number) => `${kind} ${n}`,
  noMicrophoneLevel: 'The microphone cannot be read: check that the browser may use it.',
  inputGone: 'Your microphone was disconnected: using the default microphone.',
  outputGone: 'Your speaker was disconnected: using the default speaker.',
  allowMicrophone: 'Allow the microphone when your browser asks, or calls cannot start.',
  microphoneBlocked: 'The microphone is blocked for this site: allow it in the browser’s site settings to call.'
};

/** The words of the devices' chunk: English, or a host page's language once it has them. */
export type DeviceWords = typeof enDevices;

export default enDevices;
