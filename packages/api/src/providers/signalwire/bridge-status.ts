import type { CallStatus, EndReason } from '@sw-dialer/shared-types';
import type { CompatStatus } from './signalwire-rest-client.js';

/**
 * What a Compatibility call's status means for our call log. The call SignalWire reports on is the
 * agent's leg: the customer is dialled only once the agent answers.
 */
export function callStatusFromCompat(status: CompatStatus): { status: CallStatus; endReason?: EndReason } {
  switch (status) {
    case 'queued':
      return { status: 'dialing' };
    case 'ringing':
      return { status: 'ringing' };
    case 'in-progress':
      return { status: 'connected' };
    case 'completed':
      return { status: 'ended', endReason: 'remote-hangup' };
    case 'canceled':
      return { status: 'ended', endReason: 'canceled' };
    case 'busy':
      return { status: 'failed', endReason: 'busy' };
    case 'no-answer':
      return { status: 'failed', endReason: 'no-answer' };
    case 'failed':
      return { status: 'failed', endReason: 'error' };
  }
}
