import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from 'werift';
import type { EmulatorLogger } from './logger.js';
import { telephoneEventDigit, telephoneEventPayloadType } from './rfc4733.js';
import { RtpReceiveStats } from './rtp-receive-stats.js';
import { FRAME_MS, SAMPLES_PER_FRAME, ToneGenerator, type ToneMode } from './tone.js';

/** ICE gathering on loopback takes milliseconds; this only guards against a stuck gatherer. */
const GATHER_TIMEOUT_MS = 5000;

/**
 * One 20 ms clock for every far end of the process: each tick sends every call's next frame. With twenty
 * calls a timer each made a thousand timer wake-ups a second on the event loop the relay and the DTLS
 * handshakes of new calls also wait on; one timer makes fifty.
 */
const senders = new Set<() => void>();
let frameClock: NodeJS.Timeout | null = null;

function startFrames(send: () => void): void {
  senders.add(send);
  if (frameClock) return;
  frameClock = setInterval(() => {
    for (const next of senders) next();
  }, FRAME_MS);
  frameClock.unref();
}

function stopFrames(send: () => void): void {
  senders.delete(send);
  if (senders.size > 0 || !frameClock) return;
  clearInterval(frameClock);
  frameClock = null;
}

export interface MediaPeerEvents {
  onDtmf(digit: string): void;
  /** Each RTP packet received; `audio` holds what the far end measured of the audio so far (RFC 3550). */
  onRtp(audio: RtpReceiveStats): void;
}

/**
 * The far end's WebRTC endpoint: a werift peer connection that answers the SDK's offer with real
 * ICE, DTLS and SRTP (a made-up answer is not enough: the SDK restarts ICE and hangs up when media
 * never flows). It speaks PCMU only, sends a tone, counts the RTP it receives, measures its jitter and loss
 * as a real far end's receiver reports do, and reports RFC 4733 digits.
 */
export class MediaPeer {
  private readonly pc: RTCPeerConnection;
  private readonly tone = new ToneGenerator();
  private readonly outgoing = new MediaStreamTrack({ kind: 'audio' });
  private mode: ToneMode = 'silence';
  private sending: (() => void) | null = null;
  private sequenceNumber = Math.floor(Math.random() * 0xffff);
  private timestamp = Math.floor(Math.random() * 0xffffffff);
  private dtmfPayloadType: number | null = null;
  private lastDtmfTimestamp: number | null = null;
  private closed = false;
  /** The audio received (PCMU, 8 kHz clock); telephone-events are left out, their timestamps stand still. */
  private readonly audio = new RtpReceiveStats(8000);
  answerSdp = '';

  private constructor(
    private readonly events: MediaPeerEvents,
    private readonly logger: EmulatorLogger
  ) {
    this.pc = new RTCPeerConnection({
      codecs: {
        audio: [
          new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 }),
          new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, channels: 1, payloadType: 126 })
        ]
      },
      // Loopback only: the emulator must never offer a routable address, and on loopback a non-trickle
      // answer (every candidate in the SDP before it is sent) costs nothing.
      iceUseIpv4: false,
      iceUseIpv6: false,
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceInterfaceAddresses: { udp4: '127.0.0.1' }
    });
  }

  /** Builds a peer for an SDP offer and resolves with the complete answer (all candidates gathered). */
  static async answer(offerSdp: string, events: MediaPeerEvents, logger: EmulatorLogger): Promise<MediaPeer> {
    const peer = new MediaPeer(events, logger);
    try {
      await peer.negotiate(offerSdp);
    } catch (error) {
      await peer.close();
      throw error;
    }
    return peer;
  }

  /**
   * The far end calling in: builds a peer with a complete offer (all candidates gathered) in `offerSdp`;
   * media starts once `acceptAnswer` has the browser's answer. The browser, answering, picks its DTLS
   * role; Chrome takes the client role (`a=setup:active`), so werift only ever answers the handshake.
   */
  static async offer(events: MediaPeerEvents, logger: EmulatorLogger): Promise<MediaPeer> {
    const peer = new MediaPeer(events, logger);
    try {
      peer.listen();
      const offer = await peer.pc.createOffer();
      await peer.pc.setLocalDescription(offer);
      await peer.gatheringComplete();
      peer.offerSdp = peer.pc.localDescription?.sdp ?? '';
      if (!peer.offerSdp) throw new Error('werift produced no local description');
    } catch (error) {
      await peer.close();
      throw error;
    }
    return peer;
  }

  /** The SDP offer an inbound call sends (set by `offer`). */
  offerSdp = '';

  /** The browser's answer to our offer: media flows from here on. */
  async acceptAnswer(answerSdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
    this.dtmfPayloadType = telephoneEventPayloadType(this.offerSdp);
    this.startSending();
  }

  private listen(): void {
    const { pc } = this;
    pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => this.receive(rtp));
    });
    pc.connectionStateChange.subscribe((state) => this.logger.debug({ state }, 'media connection state'));
    pc.addTransceiver(this.outgoing, { direction: 'sendrecv' });
  }

  private async negotiate(offerSdp: string): Promise<void> {
    const { pc } = this;
    this.listen();
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    const answer = await pc.createAnswer();
    // Take the DTLS server role (the browser becomes the client). As a client, werift keeps
    // retransmitting its ClientHello for half a minute, even after close(), whenever the browser drops
    // the call before the handshake; a server only ever answers.
    await pc.setLocalDescription({ type: 'answer', sdp: answer.sdp.replaceAll('a=setup:active', 'a=setup:passive') });
    await this.gatheringComplete();
    this.answerSdp = pc.localDescription?.sdp ?? '';
    if (!this.answerSdp) throw new Error('werift produced no local description');
    this.dtmfPayloadType = telephoneEventPayloadType(this.answerSdp);
    this.startSending();
  }

  private gatheringComplete(): Promise<void> {
    if (this.pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => {
        subscription.unSubscribe();
        reject(new Error('ICE gathering did not complete'));
      }, GATHER_TIMEOUT_MS);
      const subscription = this.pc.iceGatheringStateChange.subscribe((state) => {
        if (state !== 'complete') return;
        clearTimeout(timeout);
        subscription.unSubscribe();
        resolve();
      });
    });
  }

  private receive(rtp: RtpPacket): void {
    if (this.closed) return;
    const isDtmf = this.dtmfPayloadType !== null && rtp.header.payloadType === this.dtmfPayloadType;
    // Arrival is when werift hands the packet over (after SRTP), so a busy event loop shows as jitter here
    // as it would in a far end that is short of CPU.
    if (!isDtmf) this.audio.add(rtp.header, performance.now());
    this.events.onRtp(this.audio);
    if (!isDtmf) return;
    // One key press is many packets with one timestamp; report it once.
    if (rtp.header.timestamp === this.lastDtmfTimestamp) return;
    const digit = telephoneEventDigit(rtp.payload);
    if (digit === null) return;
    this.lastDtmfTimestamp = rtp.header.timestamp;
    this.events.onDtmf(digit);
  }

  /** What the far end plays: ringback while ringing, a tone once answered, nothing while held. */
  setTone(mode: ToneMode): void {
    this.mode = mode;
  }

  private startSending(): void {
    if (this.sending || this.closed) return;
    this.sending = () => {
      const payload = this.tone.nextFrame(this.mode);
      const header = new RtpHeader({
        payloadType: 0,
        sequenceNumber: this.sequenceNumber,
        timestamp: this.timestamp,
        marker: false
      });
      this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
      this.timestamp = (this.timestamp + SAMPLES_PER_FRAME) >>> 0;
      // Before DTLS completes werift drops the packet; that is what a real far end does too.
      this.outgoing.writeRtp(new RtpPacket(header, payload));
    };
    startFrames(this.sending);
  }

  /**
   * werift keeps retransmitting an unfinished DTLS handshake flight for about half a minute after the
   * peer connection is closed (its timers ignore close()), which would keep a test process alive.
   * Marking the handshake as past every flight makes such a loop stop at its next wake-up.
   */
  private abandonDtlsRetransmits(): void {
    for (const transport of this.pc.dtlsTransports) {
      const context = (transport as unknown as { dtls?: { dtls?: { flight?: number } } }).dtls?.dtls;
      if (context && typeof context.flight === 'number') context.flight = Number.MAX_SAFE_INTEGER;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.sending) stopFrames(this.sending);
    this.outgoing.stop();
    this.abandonDtlsRetransmits();
    try {
      await this.pc.close();
    } catch (error) {
      this.logger.debug({ err: error }, 'closing the media peer failed');
    }
  }
}
