/**
 * Q.850 / FreeSWITCH hangup causes the SDK reports as `call.cause` / `call.causeCode`.
 * The SDK keeps them as strings; the relay sends the code as a number on the wire.
 */
export const HANGUP_CAUSES = {
  UNALLOCATED_NUMBER: 1,
  NORMAL_CLEARING: 16,
  USER_BUSY: 17,
  NO_ANSWER: 19,
  CALL_REJECTED: 21,
  NETWORK_OUT_OF_ORDER: 38,
  NORMAL_TEMPORARY_FAILURE: 41,
  /** Q.850 52: the space refuses a destination this token may not reach (subscriber to PSTN, guest off its addresses). */
  OUTGOING_CALL_BARRED: 52,
  ORIGINATOR_CANCEL: 487,
  // FreeSWITCH's word for "another device of this subscriber answered first".
  LOSE_RACE: 502
} as const;

export type HangupCause = keyof typeof HANGUP_CAUSES;
