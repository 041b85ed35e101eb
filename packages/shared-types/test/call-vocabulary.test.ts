import t from 'tap';
import {
  CALL_STATUSES,
  END_REASON_TEXT,
  FIRST_STATUS,
  canTransition,
  canTransitionFor,
  endReasonFromCause,
  endReasonProblem,
  endReasonText
} from '../src/index.js';

t.test('transitions move forward only', async (t) => {
  const allowed = new Set([
    'dialing>dialing',
    'dialing>ringing',
    'dialing>ended',
    'dialing>failed',
    'ringing>ringing',
    'ringing>connected',
    'ringing>ended',
    'ringing>failed',
    'connected>connected',
    'connected>ended',
    'connected>failed'
  ]);
  for (const from of CALL_STATUSES) {
    for (const to of CALL_STATUSES) {
      t.equal(canTransition(from, to), allowed.has(`${from}>${to}`), `${from} -> ${to}`);
    }
  }
});

t.test('SDK causes map to end reasons', async (t) => {
  const cases: Array<[string | undefined, number | undefined, boolean, string, string]> = [
    ['USER_BUSY', 17, false, 'failed', 'busy'],
    [undefined, 17, false, 'failed', 'busy'],
    ['NO_ANSWER', 19, false, 'failed', 'no-answer'],
    ['CALL_REJECTED', 21, false, 'failed', 'declined'],
    ['UNALLOCATED_NUMBER', 1, false, 'failed', 'invalid-number'],
    ['NETWORK_OUT_OF_ORDER', 38, false, 'failed', 'network'],
    [undefined, 34, false, 'failed', 'network'],
    [undefined, 41, false, 'failed', 'network'],
    [undefined, 42, false, 'failed', 'network'],
    ['NORMAL_CLEARING', 16, false, 'ended', 'remote-hangup'],
    ['NORMAL_CLEARING', 16, true, 'ended', 'local-hangup'],
    ['ORIGINATOR_CANCEL', 487, true, 'ended', 'canceled'],
    // No cause: nobody hung up, the SDK dropped the call (relay or media connection lost).
    [undefined, undefined, false, 'failed', 'network'],
    [undefined, undefined, true, 'ended', 'local-hangup'],
    [undefined, 16, false, 'ended', 'remote-hangup'],
    ['SOMETHING_NEW', 99, false, 'failed', 'error']
  ];
  for (const [cause, code, local, status, endReason] of cases) {
    t.same(endReasonFromCause(cause, code, local), { status, endReason }, `${cause}/${code}`);
  }
});

t.test('endReasonText names a network failure by its cause when the error code tells it', async (t) => {
  t.equal(endReasonText('network', 'UPSTREAM_UNAVAILABLE'), 'Calling service unavailable; try again shortly');
  t.equal(endReasonText('network', 'CONNECTION_LOST'), 'Lost the connection to the calling service; try again');
  t.equal(endReasonText('network', 'SOMETHING_ELSE'), END_REASON_TEXT.network);
  t.equal(endReasonText('network', null), END_REASON_TEXT.network);
  t.equal(endReasonText('error', 'UPSTREAM_UNAVAILABLE'), END_REASON_TEXT.error, 'only network failures change words');
  t.equal(endReasonText('busy'), 'The line is busy');
});

t.test('inbound calls: never dial, and end with their own reasons', async (t) => {
  t.equal(canTransitionFor('inbound', 'ringing', 'dialing'), false);
  t.equal(canTransitionFor('outbound', 'dialing', 'dialing'), true);
  t.equal(canTransitionFor('inbound', 'ringing', 'connected'), true);
  t.equal(FIRST_STATUS.inbound, 'ringing');
  t.equal(FIRST_STATUS.outbound, 'dialing');
  t.equal(endReasonProblem('inbound', 'missed', false), undefined);
  t.equal(endReasonProblem('inbound', 'declined-by-agent', false), undefined);
  t.equal(endReasonProblem('inbound', 'remote-hangup', true), undefined);
  t.match(endReasonProblem('inbound', 'missed', true), /never answered/);
  t.match(endReasonProblem('outbound', 'missed', false), /for inbound calls/);
  t.match(endReasonProblem('outbound', 'declined-by-agent', false), /for inbound calls/);
  for (const reason of ['busy', 'no-answer', 'invalid-number', 'declined'] as const) {
    t.match(endReasonProblem('inbound', reason, false), /for outbound calls/, reason);
    t.equal(endReasonProblem('outbound', reason, false), undefined, reason);
  }
  t.equal(END_REASON_TEXT.missed, 'Missed call');
});
