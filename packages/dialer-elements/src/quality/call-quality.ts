/**
 * Call quality from WebRTC statistics (`RTCPeerConnection.getStats()`), and a MOS estimate from them with
 * a simplified ITU-T G.107 E-model (docs/adr/0023). Pure functions: the transport reads the stats, the
 * session actor turns each reading into a `TRANSPORT.QUALITY` event, the machine keeps the worst values
 * for the call log.
 */

/** One reading: the worse of the two directions where the browser reports both. */
export interface CallQuality {
  /** Interarrival jitter, milliseconds. */
  jitterMs: number;
  /** Packets lost since the previous reading, percent of those sent. */
  packetLossPct: number;
  /** Round-trip time, milliseconds; null until the browser has measured one. */
  rttMs: number | null;
  /** Estimated mean opinion score, 1 (bad) to 4.5 (the best narrowband-equivalent score the model gives). */
  mos: number;
}

/** The worst values of a call so far, for the call log's `metadata`. */
export interface WorstQuality {
  samples: number;
  jitterMs: number;
  packetLossPct: number;
  rttMs: number | null;
  mos: number;
}

/** Received-packet counters of the previous reading, so loss is measured per interval, not since the start. */
export interface QualityCounters {
  lost: number;
  received: number;
}

type Stat = Record<string, unknown> & { type?: unknown; id?: unknown };

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/**
 * Simplified E-model. One-way delay is half the round trip (0 when not measured yet); the jitter buffer
 * is taken to add twice the jitter, and the codec and packetisation 10 ms:
 *   d = rtt/2 + 2·jitter + 10
 *   R = 93.2 − d/40                  (d < 160 ms)
 *   R = 93.2 − (d − 120)/10          (d ≥ 160 ms: the delay impairment steepens)
 *   R = R − 2.5 · loss%
 *   MOS = 1 + 0.035·R + 7·10⁻⁶·R·(R − 60)·(100 − R)   (G.107 Annex B), clamped to 1…4.5.
 * 93.2 is G.107's default R for an unimpaired G.711 call; the delay terms approximate G.107's Id and the
 * loss term its Ie,eff for a codec with packet-loss concealment. It ranks calls, it does not certify them.
 */
export function estimateMos(jitterMs: number, packetLossPct: number, rttMs: number | null): number {
  const delay = (rttMs ?? 0) / 2 + 2 * jitterMs + 10;
  let r = delay < 160 ? 93.2 - delay / 40 : 93.2 - (delay - 120) / 10;
  r -= 2.5 * packetLossPct;
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  const mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  return round(Math.min(4.5, Math.max(1, mos)), 2);
}

function statsOf(report: RTCStatsReport | Iterable<Stat>): Stat[] {
  const values = 'values' in report && typeof report.values === 'function' ? report.values() : (report as Iterable<Stat>);
  return [...(values as Iterable<Stat>)];
}

/**
 * One reading from a stats report: audio received (`inbound-rtp`), what the far end reports about what we
 * send (`remote-inbound-rtp`), and the round trip of the selected candidate pair as a fallback. Null when
 * no audio arrived since the previous reading (a held call): there is nothing to judge.
 */
export function readQuality(report: RTCStatsReport | Iterable<Stat>, previous?: QualityCounters): { quality: CallQuality; counters: QualityCounters } | null {
  const stats = statsOf(report);
  const audio = (stat: Stat) => stat.kind === 'audio' || stat.mediaType === 'audio';
  const inbound = stats.filter((s) => s.type === 'inbound-rtp' && audio(s));
  if (inbound.length === 0) return null;
  const counters: QualityCounters = {
    lost: inbound.reduce((sum, s) => sum + Math.max(0, num(s.packetsLost) ?? 0), 0),
    received: inbound.reduce((sum, s) => sum + (num(s.packetsReceived) ?? 0), 0)
  };
  const lost = Math.max(0, counters.lost - (previous?.lost ?? 0));
  const received = Math.max(0, counters.received - (previous?.received ?? 0));
  if (lost + received === 0) return null;
  let packetLossPct = (100 * lost) / (lost + received);
  let jitterS = Math.max(...inbound.map((s) => num(s.jitter) ?? 0));

  let rttS: number | undefined;
  for (const remote of stats.filter((s) => s.type === 'remote-inbound-rtp' && audio(s))) {
    jitterS = Math.max(jitterS, num(remote.jitter) ?? 0);
    const fractionLost = num(remote.fractionLost);
    if (fractionLost !== undefined) packetLossPct = Math.max(packetLossPct, fractionLost * 100);
    const rtt = num(remote.roundTripTime);
    if (rtt !== undefined) rttS = Math.max(rttS ?? 0, rtt);
  }
  if (rttS === undefined) {
    const selectedId = stats.find((s) => s.type === 'transport' && typeof s.selectedCandidatePairId === 'string')?.selectedCandidatePairId;
    const pair = stats.find((s) => s.type === 'candidate-pair' && (selectedId ? s.id === selectedId : s.nominated === true && s.state === 'succeeded'));
    rttS = num(pair?.currentRoundTripTime);
  }

  const jitterMs = round(jitterS * 1000, 1);
  const rttMs = rttS === undefined ? null : round(rttS * 1000, 1);
  packetLossPct = round(packetLossPct, 2);
  return { quality: { jitterMs, packetLossPct, rttMs, mos: estimateMos(jitterMs, packetLossPct, rttMs) }, counters };
}

/** Folds a reading into the worst values so far. */
export function worsen(worst: WorstQuality | null, quality: CallQuality): WorstQuality {
  if (!worst) return { samples: 1, ...quality };
  return {
    samples: worst.samples + 1,
    jitterMs: Math.max(worst.jitterMs, quality.jitterMs),
    packetLossPct: Math.max(worst.packetLossPct, quality.packetLossPct),
    rttMs: quality.rttMs === null ? worst.rttMs : Math.max(worst.rttMs ?? 0, quality.rttMs),
    mos: Math.min(worst.mos, quality.mos)
  };
}

/** The flat record written to the call log's `metadata` (the API merges it into what is there). */
export function qualityMetadata(worst: WorstQuality): Record<string, number> {
  const metadata: Record<string, number> = {
    qualitySamples: worst.samples,
    worstJitterMs: worst.jitterMs,
    worstPacketLossPct: worst.packetLossPct,
    worstMos: worst.mos
  };
  if (worst.rttMs !== null) metadata.worstRttMs = worst.rttMs;
  return metadata;
}
