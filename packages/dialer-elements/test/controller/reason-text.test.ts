// The status line's words for how a call ended: they must name the cause the user can act on.
import t from 'tap';
import { reasonText } from '../../src/controller/reason-text.js';

t.test('the calling service unreachable is not called a network failure', async (t) => {
  const error = { code: 'UPSTREAM_UNAVAILABLE', message: 'Cannot issue a calling token: SignalWire cannot be reached. Try again shortly.' };
  t.equal(reasonText('network', error), 'Calling service unavailable; try again shortly');
});

t.test('a call the SDK dropped says the connection was lost', async (t) => {
  t.equal(
    reasonText('network', { code: 'CONNECTION_LOST', message: 'The connection to the calling service was lost (RECONNECTION_ATTEMPT_TIMEOUT)' }),
    'Lost the connection to the calling service; try again'
  );
});

t.test('other failures keep their words: the error for `error`, the end reason otherwise', async (t) => {
  t.equal(reasonText('network', { code: 'NETWORK', message: 'WebSocket closed' }), 'The network failed; try again', "the SDK's own message is not for users");
  t.equal(reasonText('network', null), 'The network failed; try again');
  t.equal(reasonText('error', { code: 'MIC_ERROR', message: 'The microphone could not be opened' }), 'The microphone could not be opened');
  t.equal(
    reasonText('error', { code: 'UPSTREAM_UNAVAILABLE', message: 'SignalWire could not place the call; try again shortly' }),
    'SignalWire could not place the call; try again shortly'
  );
  t.equal(reasonText('remote-hangup', null), 'The other side hung up');
  t.equal(reasonText('busy', null), 'The line is busy');
  t.equal(reasonText(null, null), '');
});
