// The English catalogue: the typed source of every message key (docs/adr/0105). It ships in the initial
// bundle, so keep it to words: each other language is a file beside it, loaded only when a page uses it.
// A value is a string, a map of strings, or a function for words that depend on a figure or a name.
import type enDevices from './en-devices.js';
import type enDispositions from './en-dispositions.js';
import type enHistory from './en-history.js';
import type enIncoming from './en-incoming.js';
import type enTabs from './en-tabs.js';
import type enWrapUp from './en-wrap-up.js';

const en = {
  /** The dialer's button that opens the microphone and speaker choices. */
  audioSettings: 'Audio settings',
  status: {
    idle: 'Ready',
    dialing: 'Calling…',
    ringing: 'Ringing…',
    connected: 'Connected',
    // Still connected: the SDK is getting its link to SignalWire back (docs/adr/0110).
    reconnecting: 'Reconnecting…',
    ended: 'Call ended',
    failed: 'Call failed'
  },
  /** The status of a call placed through the agent's own phone. */
  phoneStatus: {
    dialing: 'Calling your phone…',
    ringing: 'Your phone is ringing: answer it',
    connected: 'Connected through your phone'
  } as Record<string, string>,
  /** Why a call ended, by end reason (the status line and the history list). */
  reasons: {
    'local-hangup': 'You hung up',
    'remote-hangup': 'The other side hung up',
    busy: 'The line is busy',
    'no-answer': 'No answer',
    declined: 'The call was declined',
    'invalid-number': 'This number does not exist',
    network: 'The network failed; try again',
    canceled: 'Call canceled',
    abandoned: 'The call was interrupted (page closed or reloaded)',
    error: 'The call failed',
    missed: 'Missed call',
    'declined-by-agent': 'You declined the call',
    // Network failures by the error code the log keeps beside `network`.
    UPSTREAM_UNAVAILABLE: 'Calling service unavailable; try again shortly',
    CONNECTION_LOST: 'Lost the connection to the calling service; try again'
  } as Record<string, string>,
  /**
   * Errors by code: a string, or a function of the message the call engine or the phone parser gave.
   * English keeps those messages as they came (they are English already, and can name the cause more
   * exactly), so this map only needs `OTHER`; another language lists each code the widget raises
   * (`es.ts`), and says the general thing in its words for the rest.
   */
  errors: {
    OTHER: (message: string) => message
  } as Record<string, string | ((message: string) => string)>,
  /** Why a typed number is refused, by the phone parser's code (English: the parser's own words). */
  phone: {} as Record<string, string>,
  yourNumberProblem: (problem: string) => `Your phone number: ${problem}`,
  presence: {
    available: 'Available',
    busy: 'Busy',
    dnd: 'Do not disturb',
    away: 'Away',
    offline: 'Offline',
    unknown: 'Presence unknown'
  } as Record<string, string>,
  mayBeStale: 'may be out of date',
  contact: 'Contact',
  lookingUp: 'Looking up…',
  unknownContact: 'Unknown contact',
  phoneNumber: 'Phone number',
  deleteDigit: 'Delete last digit',
  keypad: 'Keypad',
  holdForPlus: 'Hold for +',
  call: 'Call',
  endCall: 'End call',
  cancelCall: 'Cancel call',
  mute: 'Mute',
  unmute: 'Unmute',
  hold: 'Hold',
  resume: 'Resume',
  sendTones: 'Send tones',
  tonesSent: 'Tones sent:',
  phoneHint: 'Use your phone to talk and to hang up, or press End.',
  callTime: (words: string) => `Call time ${words}`,
  quality: { good: 'Good', fair: 'Fair', poor: 'Poor' } as Record<string, string>,
  qualityLabel: (rating: string) => `Call quality ${rating.toLowerCase()}`,
  jitter: 'jitter',
  packetLoss: 'packet loss',
  roundTrip: 'round trip',
  viaPhoneTitle: 'Call through your phone',
  viaPhoneNow: 'This call goes through your phone.',
  viaPhoneOffer: 'You can call through your phone instead: it rings first, and the call is connected once you answer.',
  yourPhoneNumber: 'Your phone number',
  callViaPhone: 'Call through my phone',
  browserCannotCall: 'This browser cannot place calls.',
  browserCallsFailed: 'Calls from this browser did not work.',
  notifications: 'Call notifications',
  dismiss: 'Dismiss'
};

/**
 * Every message: the widget's (above) and those of the features that load lazily, each with its English
 * (the history list, the wrap-up, the default dispositions, incoming calls, the call of another tab), typed
 * by their English.
 */
export type Messages = typeof en & typeof enHistory & typeof enWrapUp & typeof enDispositions & typeof enIncoming & typeof enDevices & typeof enTabs;
// English without the lazy features' words, which load with each feature (each merges its own in).
export default en as Messages;
