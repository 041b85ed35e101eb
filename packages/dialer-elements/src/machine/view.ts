import type { WidgetState } from '@sw-dialer/shared-types';
import type { SnapshotFrom } from 'xstate';
import type { callMachine } from './call-machine.js';
import type { DialerView } from './types.js';

export type DialerSnapshot = SnapshotFrom<typeof callMachine>;

/**
 * The widget state a machine snapshot stands for (`authorizing`, a retry wait and placing a bridge call are
 * still "dialing").
 */
export function widgetStateOf(snapshot: DialerSnapshot): WidgetState {
  if (snapshot.matches({ call: 'idle' })) return 'idle';
  if (snapshot.matches({ call: 'ended' })) return 'ended';
  if (snapshot.matches({ call: 'failed' })) return 'failed';
  if (snapshot.matches({ call: { active: { live: 'connected' } } }) || snapshot.matches({ call: { bridge: { live: { progress: 'connected' } } } }))
    return 'connected';
  if (snapshot.matches({ call: { active: { live: 'ringing' } } }) || snapshot.matches({ call: { bridge: { live: { progress: 'ringing' } } } }))
    return 'ringing';
  return 'dialing';
}

/** Everything the elements render, derived from one snapshot. */
export function viewOf(snapshot: DialerSnapshot): DialerView {
  const { context } = snapshot;
  const state = widgetStateOf(snapshot);
  const closed = state === 'ended' || state === 'failed';
  return {
    state,
    number: context.number,
    callId: context.callId,
    via: context.via,
    muted: snapshot.matches({ call: { active: { live: { connected: { audio: 'muted' } } } } }),
    held: snapshot.matches({ call: { active: { live: { connected: { hold: 'held' } } } } }),
    reconnecting: snapshot.matches({ call: { active: { live: { connected: { link: 'reconnecting' } } } } }),
    busy: state === 'dialing' || state === 'ringing',
    // End of a call through the phone waits while the call is being placed (no id yet) or its end is asked.
    ending: snapshot.matches({ call: { bridge: 'placing' } }) || snapshot.matches({ call: { bridge: { live: { end: 'requesting' } } } }),
    answeredAt: context.answeredAt,
    endedAt: context.endedAt,
    durationMs: closed ? (context.answeredAt === null ? 0 : Math.max(0, (context.endedAt ?? 0) - context.answeredAt)) : null,
    endReason: closed ? context.endReason : null,
    error: context.error,
    quality: state === 'connected' ? context.quality : null
  };
}
