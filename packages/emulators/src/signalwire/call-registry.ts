/**
 * Every call the emulator has seen, relay (WebRTC) and Compatibility alike, as the control API reports
 * it. The call objects update their record in place; the registry only stores and lists them.
 */
export type CallChannel = 'webrtc' | 'compat';

/** Who ended the call: the SDK user, the far end (scenario), or the emulator (socket lost, shutdown). */
export type HangupBy = 'caller' | 'callee' | 'system';

export interface CallRecord {
  callId: string;
  channel: CallChannel;
  /** outbound: placed by the SDK (or the REST API); inbound: placed by the control API to an online subscriber. */
  direction: 'outbound' | 'inbound';
  to: string;
  from: string;
  /** The Fabric address dialed, when the call went through a resource's SWML script; `to` is then the number it connected. */
  address: string | null;
  /** What the address's script did: `connect`, `hangup:<reason>`, `request-failed`... null for a direct call. */
  swml: string | null;
  /** webrtc: trying | ringing | active | ended; compat: the Twilio-style status. */
  state: string;
  cause: string | null;
  causeCode: number | null;
  /** Digits received, in order, from verto.info and from RFC 4733 telephone-events. */
  dtmf: string;
  rtpPacketsReceived: number;
  /** RFC 3550 interarrival jitter of the audio received, milliseconds; null before any audio arrived. */
  rtpJitterMs: number | null;
  /** Audio packets lost (expected from the sequence numbers minus received), RFC 3550. */
  rtpPacketsLost: number;
  /** Each hold change in order: 'hold' | 'unhold'. */
  holds: string[];
  /** Each mute change in order: 'mute' | 'unmute'. */
  mutes: string[];
  hangupBy: HangupBy | null;
  held: boolean;
  muted: boolean;
  createdAt: string;
  answeredAt: string | null;
  endedAt: string | null;
}

/** Old calls are dropped beyond this, so a long-running demo emulator does not grow without bound. */
const MAX_RECORDS = 500;

export class CallRegistry {
  private readonly records = new Map<string, CallRecord>();

  create(init: Pick<CallRecord, 'callId' | 'channel' | 'to' | 'from' | 'state'> & Partial<Pick<CallRecord, 'direction'>>): CallRecord {
    const record: CallRecord = {
      direction: 'outbound',
      ...init,
      address: null,
      swml: null,
      cause: null,
      causeCode: null,
      dtmf: '',
      rtpPacketsReceived: 0,
      rtpJitterMs: null,
      rtpPacketsLost: 0,
      holds: [],
      mutes: [],
      hangupBy: null,
      held: false,
      muted: false,
      createdAt: new Date().toISOString(),
      answeredAt: null,
      endedAt: null
    };
    this.records.set(record.callId, record);
    if (this.records.size > MAX_RECORDS) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
    return record;
  }

  get(callId: string): CallRecord | undefined {
    return this.records.get(callId);
  }

  list(): CallRecord[] {
    return [...this.records.values()].map((record) => ({ ...record, holds: [...record.holds], mutes: [...record.mutes] }));
  }

  clear(): void {
    this.records.clear();
  }
}
