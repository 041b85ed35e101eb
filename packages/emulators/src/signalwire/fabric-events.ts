/**
 * Payloads of the Call Fabric events the SDK consumes, shaped after `@signalwire/core`'s event types
 * (`CallJoinedEvent`, `CallStateEvent`, `CallConnectEvent`, `FabricMemberUpdatedEvent`, `CallLeftEvent`).
 * Each call has two legs: the caller's WebRTC leg (the verto callID) and the far end's phone leg.
 */
export interface CallIdentity {
  /** The verto callID the SDK chose; also the WebRTC leg's call_id. */
  callId: string;
  /** The far end (PSTN) leg. */
  phoneLegId: string;
  segmentId: string;
  roomSessionId: string;
  memberId: string;
  nodeId: string;
  eventChannel: string;
  from: string;
  to: string;
}

export type PhoneLegState = 'created' | 'ringing' | 'answered' | 'ending' | 'ended';

const ROOM_ID = 'emulator-room';

export interface PhoneLegTimes {
  startTime: number;
  answerTime: number;
  endTime: number;
}

export function callStateParams(id: CallIdentity, state: PhoneLegState, times: PhoneLegTimes, direction: 'outbound' | 'inbound' = 'outbound') {
  return {
    call_id: id.phoneLegId,
    node_id: id.nodeId,
    segment_id: id.segmentId,
    call_state: state,
    direction,
    device: { type: 'phone', params: { from_number: id.from, to_number: id.to } },
    start_time: times.startTime,
    answer_time: times.answerTime,
    end_time: times.endTime,
    room_session_id: id.roomSessionId
  };
}

function selfMember(id: CallIdentity, audioMuted: boolean) {
  return {
    type: 'member',
    call_id: id.callId,
    member_id: id.memberId,
    node_id: id.nodeId,
    name: 'subscriber',
    room_id: ROOM_ID,
    room_session_id: id.roomSessionId,
    visible: true,
    handraised: false,
    audio_muted: audioMuted,
    video_muted: false,
    deaf: false,
    meta: {}
  };
}

/** What the subscriber may do in this call; `audioMute` and `sendDigits` are gated on these. */
export const CALL_CAPABILITIES = ['self', 'self.mute', 'self.mute.audio', 'self.mute.audio.on', 'self.mute.audio.off', 'digit', 'digit.send', 'end'];

/**
 * `call.joined` resolves `call.start()`: the SDK matches `call_id` to its RTCPeer and requires
 * `origin_call_id === call_id` for the first one, and finds itself in `members` by `member_id`.
 */
export function callJoinedParams(id: CallIdentity, audioMuted: boolean) {
  return {
    room_session: {
      room_id: ROOM_ID,
      room_session_id: id.roomSessionId,
      event_channel: id.eventChannel,
      layout_name: '1x1',
      meta: {},
      members: [selfMember(id, audioMuted)],
      recordings: [],
      streams: [],
      playbacks: []
    },
    room_id: ROOM_ID,
    room_session_id: id.roomSessionId,
    origin_call_id: id.callId,
    call_id: id.callId,
    member_id: id.memberId,
    node_id: id.nodeId,
    capabilities: CALL_CAPABILITIES
  };
}

export function callConnectParams(id: CallIdentity, state: 'connecting' | 'connected') {
  return {
    connect_state: state,
    call_id: id.callId,
    node_id: id.nodeId,
    segment_id: id.segmentId,
    room_session_id: id.roomSessionId,
    ...(state === 'connected'
      ? { peer: { call_id: id.phoneLegId, node_id: id.nodeId, device: { type: 'phone', params: { from_number: id.from, to_number: id.to } } } }
      : {})
  };
}

export function memberUpdatedParams(id: CallIdentity, audioMuted: boolean) {
  return {
    room_session_id: id.roomSessionId,
    room_id: ROOM_ID,
    member: {
      member_id: id.memberId,
      call_id: id.callId,
      node_id: id.nodeId,
      room_session_id: id.roomSessionId,
      room_id: ROOM_ID,
      type: 'member',
      updated: ['audio_muted'],
      audio_muted: audioMuted
    }
  };
}

export function callLeftParams(id: CallIdentity) {
  return {
    room_session: { room_id: ROOM_ID, room_session_id: id.roomSessionId, members: [] },
    room_id: ROOM_ID,
    room_session_id: id.roomSessionId,
    call_id: id.callId,
    member_id: id.memberId,
    origin_call_id: id.callId,
    reason: 'hangup'
  };
}
