// The status line's words for how a call ended: they must name the cause the user can act on.
import t from 'tap';
import { reasonText, refusalText } from '../../src/controller/reason-text.js';
import de from '../../src/i18n/de.js';
import en from '../../src/i18n/en.js';

t.test('the calling service unreachable is not called a network failure', async (t) => {
  const error = { code: 'UPSTREAM_UNAVAILABLE', message: 'Cannot issue a calling token: SignalWire cannot be reached. Try again shortly.' };
  t.equal(reasonText(en, 'network', error), 'Calling service unavailable; try again shortly');
});

t.test('a call the SDK dropped says the connection was lost', async (t) => {
  t.equal(
    reasonText(en, 'network', { code: 'CONNECTION_LOST', message: 'The connection to the calling service was lost (RECONNECTION_ATTEMPT_TIMEOUT)' }),
    'Lost the connection to the calling service; try again'
  );
});

t.test('other failures keep their words: the error for `error`, the end reason otherwise', async (t) => {
  t.equal(
    reasonText(en, 'network', { code: 'NETWORK', message: 'WebSocket closed' }),
    'The network failed; try again',
    "the SDK's own message is not for users"
  );
  t.equal(reasonText(en, 'network', null), 'The network failed; try again');
  t.equal(reasonText(en, 'error', { code: 'MIC_ERROR', message: 'The microphone could not be opened' }), 'The microphone could not be opened');
  t.equal(
    reasonText(en, 'error', { code: 'UPSTREAM_UNAVAILABLE', message: 'SignalWire could not place the call; try again shortly' }),
    'SignalWire could not place the call; try again shortly'
  );
  t.equal(reasonText(en, 'remote-hangup', null), 'The other side hung up');
  t.equal(reasonText(en, 'busy', null), 'The line is busy');
  t.equal(reasonText(en, null, null), '');
});

t.test('another language says the same causes in its words; a host policy keeps its own', async (t) => {
  t.equal(reasonText(de, 'busy', null), 'Die Leitung ist besetzt');
  t.equal(
    reasonText(de, 'network', { code: 'CONNECTION_LOST', message: 'lost (RECONNECTION_ATTEMPT_TIMEOUT)' }),
    'Verbindung zum Telefondienst verloren; bitte erneut versuchen'
  );
  t.equal(
    reasonText(de, 'error', { code: 'DIAL_FAILED', message: 'SDK said: boom' }),
    'Der Anruf konnte nicht aufgebaut werden',
    "the SDK's English is not shown"
  );
  t.equal(reasonText(de, 'error', { code: 'SOMETHING_NEW', message: 'English words' }), 'Etwas ist schiefgelaufen; bitte erneut versuchen');
  t.equal(reasonText(de, 'error', { code: 'DIAL_POLICY', message: 'Nur Inlandsnummern' }), 'Nur Inlandsnummern');
  t.equal(reasonText(en, 'error', { code: 'SOMETHING_NEW', message: 'Rate limit reached' }), 'Rate limit reached');
});

t.test('a refused dial is said in words by its code and the parser code', async (t) => {
  t.equal(refusalText(en, null), '');
  const tooShort = { code: 'TOO_SHORT', message: 'The number is too short' };
  t.equal(refusalText(en, { code: 'INVALID_NUMBER', message: tooShort.message, phone: tooShort }), 'The number is too short');
  t.equal(refusalText(de, { code: 'INVALID_NUMBER', message: tooShort.message, phone: tooShort }), 'Die Nummer ist zu kurz');
  const empty = { code: 'EMPTY', message: 'Enter a phone number' };
  t.equal(refusalText(en, { code: 'INVALID_AGENT_NUMBER', message: 'x', phone: empty }), 'Your phone number: Enter a phone number');
  t.equal(refusalText(de, { code: 'INVALID_AGENT_NUMBER', message: 'x', phone: empty }), 'Ihre Telefonnummer: Bitte eine Telefonnummer eingeben');
  const loadFailed = 'The dialer could not load; check the connection and try again';
  t.equal(refusalText(en, { code: 'NETWORK', message: loadFailed }), loadFailed);
  t.equal(refusalText(de, { code: 'NETWORK', message: loadFailed }), 'Das Wählfeld konnte nicht geladen werden; Verbindung prüfen und erneut versuchen');
  t.equal(
    refusalText(de, { code: 'CALL_IN_PROGRESS', message: 'Another call is in progress on this page' }),
    'Auf dieser Seite läuft bereits ein anderer Anruf'
  );
});
