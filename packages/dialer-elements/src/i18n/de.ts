// German, loaded only when an element's language is `de` (docs/adr/0105). Typed by the English catalogue:
// a missing or misspelt key is a type error.
import type { Messages } from './en.js';

// Nothing imported at run time: a shared module would become a chunk of its own, one more request for
// every page (and for the English one too). Intl gives the plural form and the digits.
const count = (n: number, one: string, other: string) => `${n.toLocaleString('de')} ${new Intl.PluralRules('de').select(n) === 'one' ? one : other}`;

const de: Messages = {
  status: {
    idle: 'Bereit',
    dialing: 'Wählt…',
    ringing: 'Klingelt…',
    connected: 'Verbunden',
    reconnecting: 'Verbindung wird wiederhergestellt…',
    ended: 'Anruf beendet',
    failed: 'Anruf fehlgeschlagen'
  },
  phoneStatus: {
    dialing: 'Ihr Telefon wird angerufen…',
    ringing: 'Ihr Telefon klingelt: bitte abheben',
    connected: 'Über Ihr Telefon verbunden'
  },
  reasons: {
    'local-hangup': 'Sie haben aufgelegt',
    'remote-hangup': 'Die Gegenseite hat aufgelegt',
    busy: 'Die Leitung ist besetzt',
    'no-answer': 'Keine Antwort',
    declined: 'Der Anruf wurde abgelehnt',
    'invalid-number': 'Diese Nummer gibt es nicht',
    network: 'Netzwerkfehler; bitte erneut versuchen',
    canceled: 'Anruf abgebrochen',
    abandoned: 'Der Anruf wurde unterbrochen (Seite geschlossen oder neu geladen)',
    error: 'Der Anruf ist fehlgeschlagen',
    missed: 'Verpasster Anruf',
    'declined-by-agent': 'Sie haben den Anruf abgelehnt',
    UPSTREAM_UNAVAILABLE: 'Telefondienst nicht erreichbar; bitte gleich erneut versuchen',
    CONNECTION_LOST: 'Verbindung zum Telefondienst verloren; bitte erneut versuchen'
  },
  errors: {
    CALL_IN_OTHER_TAB: 'In einem anderen Tab läuft bereits ein Anruf',
    CALL_IN_PROGRESS: 'Auf dieser Seite läuft bereits ein anderer Anruf',
    ONLINE_FAILED: 'Eingehende Anrufe konnten nicht eingeschaltet werden',
    MIC_DENIED: 'Der Zugriff auf das Mikrofon wurde verweigert',
    NO_MICROPHONE: 'Kein Mikrofon gefunden',
    MIC_ERROR: 'Das Mikrofon konnte nicht geöffnet werden',
    NO_WEBRTC: 'Dieser Browser kann keine Anrufe tätigen',
    LOAD_FAILED: 'Das Wählfeld konnte nicht geladen werden; Verbindung prüfen und erneut versuchen',
    NETWORK: 'Der Telefondienst ist nicht erreichbar',
    DIAL_FAILED: 'Der Anruf konnte nicht aufgebaut werden',
    UPSTREAM_UNAVAILABLE: 'Telefondienst nicht erreichbar; bitte gleich erneut versuchen',
    // A host's dial policy is in the host's own words.
    DIAL_POLICY: (message) => message,
    OTHER: 'Etwas ist schiefgelaufen; bitte erneut versuchen'
  },
  phone: {
    EMPTY: 'Bitte eine Telefonnummer eingeben',
    NOT_A_NUMBER: 'Das ist keine Telefonnummer',
    TOO_SHORT: 'Die Nummer ist zu kurz',
    TOO_LONG: 'Die Nummer ist zu lang',
    INVALID_COUNTRY: 'Mit + und Ländervorwahl beginnen oder ein Standardland festlegen',
    INVALID: 'Diese Nummer ist ungültig',
    EXTENSION: 'Durchwahlen werden nicht unterstützt: Hauptnummer wählen, dann das Tastenfeld benutzen'
  },
  yourNumberProblem: (problem) => `Ihre Telefonnummer: ${problem}`,
  presence: {
    available: 'Erreichbar',
    busy: 'Beschäftigt',
    dnd: 'Nicht stören',
    away: 'Abwesend',
    offline: 'Offline',
    unknown: 'Status unbekannt'
  },
  mayBeStale: 'möglicherweise veraltet',
  contact: 'Kontakt',
  lookingUp: 'Wird gesucht…',
  unknownContact: 'Unbekannter Kontakt',
  phoneNumber: 'Telefonnummer',
  deleteDigit: 'Letzte Ziffer löschen',
  keypad: 'Tastenfeld',
  holdForPlus: 'Gedrückt halten für +',
  call: 'Anrufen',
  endCall: 'Auflegen',
  cancelCall: 'Anruf abbrechen',
  mute: 'Stummschalten',
  unmute: 'Mikrofon an',
  hold: 'Halten',
  resume: 'Fortsetzen',
  sendTones: 'Töne senden',
  tonesSent: 'Gesendete Töne:',
  phoneHint: 'Sprechen und auflegen über Ihr Telefon, oder Auflegen drücken.',
  callTime: (words) => `Gesprächsdauer ${words}`,
  quality: { good: 'Gut', fair: 'Mittel', poor: 'Schlecht' },
  qualityLabel: (rating) => `Gesprächsqualität ${rating.toLowerCase()}`,
  jitter: 'Laufzeitschwankung',
  packetLoss: 'Paketverlust',
  roundTrip: 'Umlaufzeit',
  viaPhoneTitle: 'Über Ihr Telefon anrufen',
  viaPhoneNow: 'Dieser Anruf läuft über Ihr Telefon.',
  viaPhoneOffer: 'Sie können stattdessen über Ihr Telefon anrufen: Es klingelt zuerst, und sobald Sie abheben, wird verbunden.',
  yourPhoneNumber: 'Ihre Telefonnummer',
  callViaPhone: 'Über mein Telefon anrufen',
  browserCannotCall: 'Dieser Browser kann keine Anrufe tätigen.',
  browserCallsFailed: 'Anrufe aus diesem Browser haben nicht funktioniert.',
  historyStatus: {
    dialing: 'Wählt',
    ringing: 'Klingelt',
    connected: 'Läuft',
    ended: 'Beendet',
    failed: 'Fehlgeschlagen'
  },
  filterCalls: 'Anrufe filtern',
  from: 'Von',
  to: 'Bis',
  statusFilter: 'Status',
  anyStatus: 'Alle',
  dispositionFilter: 'Ergebnis',
  notesMarker: 'Notizen',
  incoming: 'Eingehend',
  contactNumber: 'Nummer des Kontakts',
  apply: 'Anwenden',
  historyFailed: 'Die Anrufliste konnte nicht geladen werden.',
  noCalls: 'Noch keine Anrufe.',
  recentCalls: 'Letzte Anrufe',
  historyPages: 'Seiten der Anrufliste',
  previous: 'Zurück',
  next: 'Weiter',
  page: (page, pages) => (pages ? `Seite ${page} von ${pages}` : `Seite ${page}`),
  callCount: (n) => count(n, 'Anruf', 'Anrufe'),
  callNumber: (number) => `${number} anrufen`,
  notifications: 'Anrufhinweise',
  dismiss: 'Schließen',
  // The audio settings and device notices (en-devices.ts).
  audioSettings: 'Audioeinstellungen',
  microphone: 'Mikrofon',
  speaker: 'Lautsprecher',
  microphoneLevel: 'Mikrofonpegel',
  systemDefault: 'Systemstandard',
  unnamedDevice: (kind, n) => `${kind} ${n}`,
  noMicrophoneLevel: 'Das Mikrofon lässt sich nicht lesen: Prüfen Sie, ob der Browser es verwenden darf.',
  inputGone: 'Ihr Mikrofon wurde getrennt: Das Standardmikrofon wird verwendet.',
  outputGone: 'Ihr Lautsprecher wurde getrennt: Der Standardlautsprecher wird verwendet.',
  allowMicrophone: 'Erlauben Sie das Mikrofon, wenn der Browser fragt, sonst können keine Anrufe beginnen.',
  microphoneBlocked: 'Das Mikrofon ist für diese Seite gesperrt: Erlauben Sie es in den Website-Einstellungen des Browsers, um anzurufen.',
  // The wrap-up (en-wrap-up.ts).
  wrapUpTitle: 'Anruf nachbereiten',
  wrapUpTitleTo: (number) => `Anruf an ${number} nachbereiten`,
  wrapUpClosesIn: (seconds) => `Schließt sich in ${seconds.toLocaleString('de')} s, solange Sie nichts eingeben.`,
  wrapUpIntro: 'Halten Sie fest, was herauskam, oder überspringen Sie es.',
  disposition: 'Ergebnis',
  wrapUpNotes: 'Notizen',
  charactersLeft: (left, max) => `Noch ${left.toLocaleString('de')} von ${max.toLocaleString('de')} Zeichen`,
  chooseDisposition: 'Wählen Sie ein Ergebnis zum Speichern, oder überspringen Sie es.',
  skip: 'Überspringen',
  save: 'Speichern',
  wrapUpSaved: (disposition) => `Nachbereitung gespeichert: ${disposition}.`,
  // Stored as shown (docs/adr/0120).
  defaultDispositions: {
    interested: 'Interessiert',
    notInterested: 'Kein Interesse',
    callBack: 'Rückruf',
    leftVoicemail: 'Auf Mailbox gesprochen',
    noAnswer: 'Nicht erreicht',
    wrongNumber: 'Falsche Nummer'
  },
  // An incoming call (en-incoming.ts).
  incomingCall: 'Eingehender Anruf',
  incomingFrom: (who, company) => (company ? `Eingehender Anruf von ${who}, ${company}` : `Eingehender Anruf von ${who}`),
  unknownCaller: 'Unbekannter Anrufer',
  answer: 'Annehmen',
  decline: 'Ablehnen',
  ringingElsewhere: (who) => `Klingelt in einem anderen Tab: ${who}`,
  endCallToAnswer: 'Sie telefonieren gerade: Beenden Sie den Anruf, um diesen anzunehmen',
  // The call of another tab (en-tabs.ts).
  callInOtherTab: 'Dieser Anruf läuft in einem anderen Tab',
  callEndedInOtherTab: 'Der Anruf im anderen Tab ist beendet'
};

export default de;
