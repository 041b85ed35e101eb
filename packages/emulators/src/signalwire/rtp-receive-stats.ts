/**
 * What a real far end measures of the RTP it receives, as RFC 3550 defines it for RTCP receiver reports:
 * interarrival jitter (section 6.4.1, algorithm of appendix A.8) and cumulative packets lost (appendix A.3).
 * The emulator's far end keeps one per call so that a bench can compare what the browser reads from
 * `getStats()` with what the other end of the same call sees (issue 22).
 */

/** The RTP header fields the figures depend on. */
export interface RtpHeaderFields {
  ssrc: number;
  sequenceNumber: number;
  timestamp: number;
}

const SEQ_MOD = 0x10000;

export class RtpReceiveStats {
  private ssrc: number | null = null;
  /** Highest extended sequence number seen (cycles × 2¹⁶ + sequence), and the first one. */
  private maxExtended = 0;
  private baseExtended = 0;
  private receivedCount = 0;
  /** Relative transit time of the previous packet, in timestamp units; null before the first packet. */
  private transit: number | null = null;
  /** The running estimate J of RFC 3550, in timestamp units (kept as a float: A.8's scaled integer is an optimisation). */
  private jitterUnits = 0;

  /** @param clockRate the payload format's RTP clock (8,000 Hz for PCMU). */
  constructor(private readonly clockRate: number) {}

  /**
   * One packet, with its arrival time on any monotonic millisecond clock (only differences count).
   * A new SSRC starts the figures over, as a receiver does for a new source.
   */
  add(header: RtpHeaderFields, arrivalMs: number): void {
    if (header.ssrc !== this.ssrc) this.restart(header);
    this.receivedCount += 1;
    this.advanceSequence(header.sequenceNumber);

    // A.8: D(i-1, i) = (Rj − Ri) − (Sj − Si), both in timestamp units; J += (|D| − J) / 16.
    // Timestamps wrap at 2³²: transit is kept modulo 2³² and D taken as a signed 32-bit difference.
    const arrivalUnits = (arrivalMs * this.clockRate) / 1000;
    const transit = arrivalUnits - header.timestamp;
    if (this.transit !== null) {
      const d = Math.abs(wrap32(transit - this.transit));
      this.jitterUnits += (d - this.jitterUnits) / 16;
    }
    this.transit = transit;
  }

  /** Packets received from the current source (duplicates included, as RFC 3550 counts them). */
  get received(): number {
    return this.receivedCount;
  }

  /** Packets expected (highest sequence number seen − first + 1) minus received; never below 0. */
  get lost(): number {
    if (this.ssrc === null) return 0;
    return Math.max(0, this.maxExtended - this.baseExtended + 1 - this.receivedCount);
  }

  /** Interarrival jitter in milliseconds (what `getStats()`'s `jitter` reports in seconds); 0 before two packets. */
  get jitterMs(): number {
    return (this.jitterUnits * 1000) / this.clockRate;
  }

  private restart(header: RtpHeaderFields): void {
    this.ssrc = header.ssrc;
    this.baseExtended = header.sequenceNumber;
    this.maxExtended = header.sequenceNumber;
    this.receivedCount = 0;
    this.transit = null;
    this.jitterUnits = 0;
  }

  /** A.1, simplified: a sequence number ahead of the highest (modulo 2¹⁶) advances it, crossing a wrap adds a cycle. */
  private advanceSequence(sequenceNumber: number): void {
    const highest = this.maxExtended % SEQ_MOD;
    const ahead = (sequenceNumber - highest + SEQ_MOD) % SEQ_MOD;
    if (ahead === 0 || ahead >= SEQ_MOD / 2) return; // a duplicate or a late (reordered) packet
    this.maxExtended += ahead;
  }
}

/** x reduced to a signed 32-bit value (the difference of two RTP timestamps across a wrap). */
function wrap32(x: number): number {
  const m = ((x % 2 ** 32) + 2 ** 32) % 2 ** 32;
  return m >= 2 ** 31 ? m - 2 ** 32 : m;
}
