import t from 'tap';
import { estimateMos, qualityMetadata, readQuality, worsen } from '../../src/quality/call-quality.js';
import { ratingOf } from '../../src/quality/quality-rating.js';

/** A stats report as Chromium shapes it (a Map of id → stat). */
function report(...stats: Array<Record<string, unknown>>): Map<string, Record<string, unknown>> {
  return new Map(stats.map((stat, i) => [String(stat.id ?? `s${i}`), stat]));
}
const inbound = (packetsReceived: number, packetsLost: number, jitter: number) => ({
  id: 'in',
  type: 'inbound-rtp',
  kind: 'audio',
  packetsReceived,
  packetsLost,
  jitter
});

t.test('the E-model estimate: figures worked by hand from the formula in the source', async (t) => {
  // d = 40/2 + 2·5 + 10 = 40 → R = 93.2 − 1 = 92.2 → MOS = 1 + 3.227 + 0.000007·92.2·32.2·7.8 = 4.389
  t.equal(estimateMos(5, 0, 40), 4.39);
  // d = 0 + 0 + 10 → R = 92.95 → MOS = 1 + 3.253 + 0.000007·92.95·32.95·7.05 = 4.404: a clean call's best
  t.equal(estimateMos(0, 0, null), 4.4);
  // d = 300/2 + 2·30 + 10 = 220 ≥ 160 → R = 93.2 − 10 = 83.2; 3% loss → R = 75.7 → MOS = 1 + 2.650 + 0.202 = 3.852
  t.equal(estimateMos(30, 3, 300), 3.85);
  // Heavy loss: R = 92.95 − 2.5·25 = 30.45 → MOS = 1 + 1.066 − 0.000007·30.45·29.55·69.55 = 1.628
  t.equal(estimateMos(0, 25, null), 1.63);
  t.equal(estimateMos(0, 60, null), 1, 'R below zero is the floor');
  t.ok(estimateMos(10, 1, 100) > estimateMos(10, 2, 100), 'more loss, lower score');
  t.ok(estimateMos(10, 1, 100) > estimateMos(40, 1, 100), 'more jitter, lower score');
  t.ok(estimateMos(10, 1, 100) > estimateMos(10, 1, 500), 'more delay, lower score');
  t.same([ratingOf(4.39), ratingOf(4), ratingOf(3.85), ratingOf(3.6), ratingOf(3.59), ratingOf(1)], ['good', 'good', 'fair', 'fair', 'poor', 'poor']);
});

t.test('loss is measured per interval from the received and lost counters', async (t) => {
  const first = readQuality(report(inbound(1000, 0, 0.004)));
  t.ok(first);
  t.same(first!.quality, { jitterMs: 4, packetLossPct: 0, rttMs: null, mos: estimateMos(4, 0, null) });
  t.same(first!.counters, { lost: 0, received: 1000 });
  // 100 more packets arrived, 10 more were lost: 10/110 of this interval, although 10/1110 overall.
  const second = readQuality(report(inbound(1100, 10, 0.02)), first!.counters);
  t.equal(second!.quality.packetLossPct, 9.09);
  t.equal(second!.quality.jitterMs, 20);
  // Duplicates can make packetsLost go down; that is never negative loss.
  const third = readQuality(report(inbound(1200, 8, 0.02)), second!.counters);
  t.equal(third!.quality.packetLossPct, 0);
});

t.test('no audio since the last reading (a held call) gives no reading; no inbound audio at all neither', async (t) => {
  t.equal(readQuality(report(inbound(500, 2, 0.01)), { lost: 2, received: 500 }), null);
  t.equal(readQuality(report({ type: 'inbound-rtp', kind: 'video', packetsReceived: 10, packetsLost: 0, jitter: 0 })), null);
  t.equal(readQuality(report()), null);
});

t.test('the far end’s view (remote-inbound-rtp) counts when worse; round trip from it or the candidate pair', async (t) => {
  const both = readQuality(
    report(inbound(1000, 0, 0.003), { id: 'rin', type: 'remote-inbound-rtp', kind: 'audio', jitter: 0.015, fractionLost: 0.04, roundTripTime: 0.085 })
  );
  t.same(both!.quality, { jitterMs: 15, packetLossPct: 4, rttMs: 85, mos: estimateMos(15, 4, 85) });

  const selected = readQuality(
    report(
      inbound(1000, 0, 0.003),
      { id: 'tr', type: 'transport', selectedCandidatePairId: 'cp2' },
      { id: 'cp1', type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.5 },
      { id: 'cp2', type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.012 }
    )
  );
  t.equal(selected!.quality.rttMs, 12, "the transport's selected pair, not just any nominated one");

  const nominated = readQuality(
    report(inbound(1000, 0, 0.003), { id: 'cp', type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.0305 })
  );
  t.equal(nominated!.quality.rttMs, 30.5, 'Firefox has no transport stats: the nominated, succeeded pair');
});

t.test('worst values and the call-log metadata', async (t) => {
  let worst = worsen(null, { jitterMs: 4, packetLossPct: 0, rttMs: null, mos: 4.4 });
  t.same(qualityMetadata(worst), { qualitySamples: 1, worstJitterMs: 4, worstPacketLossPct: 0, worstMos: 4.4 }, 'no round trip measured: none logged');
  worst = worsen(worst, { jitterMs: 30, packetLossPct: 0.5, rttMs: 200, mos: 3.9 });
  worst = worsen(worst, { jitterMs: 10, packetLossPct: 3, rttMs: null, mos: 4.0 });
  t.same(worst, { samples: 3, jitterMs: 30, packetLossPct: 3, rttMs: 200, mos: 3.9 });
  const metadata = qualityMetadata(worst);
  t.same(metadata, { qualitySamples: 3, worstJitterMs: 30, worstPacketLossPct: 3, worstMos: 3.9, worstRttMs: 200 });
  t.ok(JSON.stringify(metadata).length <= 4096, 'within the API limit');
  for (const key of Object.keys(metadata)) t.ok(key.length <= 64);
});
