import t from 'tap';
import { RtpReceiveStats } from '../src/signalwire/rtp-receive-stats.js';

const SSRC = 0x1234abcd;
/** Packet i of a 20 ms PCMU stream: sequence and timestamp from a start, arriving at `arrivals[i]` ms. */
function feed(stats: RtpReceiveStats, arrivals: number[], { seq0 = 100, ts0 = 1000, ssrc = SSRC, skip = new Set<number>() } = {}) {
  arrivals.forEach((arrivalMs, i) => {
    if (skip.has(i)) return;
    stats.add({ ssrc, sequenceNumber: (seq0 + i) % 0x10000, timestamp: (ts0 + 160 * i) % 2 ** 32 }, arrivalMs);
  });
}
const paced = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => offset + 20 * i);

t.test('a perfectly paced stream has no jitter and no loss', async (t) => {
  const stats = new RtpReceiveStats(8000);
  t.equal(stats.jitterMs, 0, 'nothing before the first packet');
  feed(stats, paced(100, 5_000));
  t.equal(stats.jitterMs, 0);
  t.equal(stats.lost, 0);
  t.equal(stats.received, 100);
});

t.test('RFC 3550 A.8 by hand: J += (|D| − J)/16 in timestamp units', async (t) => {
  const stats = new RtpReceiveStats(8000);
  // Transit times 0, 0, 40 units (the third packet 5 ms late): D = 0, then 40; J = 0, then 40/16 = 2.5 units.
  feed(stats, [0, 20, 45]);
  t.equal(stats.jitterMs, 2.5 / 8, '2.5 units at 8 kHz = 0.3125 ms');
  // One more, back on time: D = −40, J = 2.5 + (40 − 2.5)/16 = 4.84375 units.
  stats.add({ ssrc: SSRC, sequenceNumber: 103, timestamp: 1000 + 480 }, 60);
  t.equal(stats.jitterMs, 4.84375 / 8);
});

t.test('alternating 5 ms early and late converges on |D| = 10 ms', async (t) => {
  const stats = new RtpReceiveStats(8000);
  feed(
    stats,
    paced(400).map((at, i) => at + (i % 2 === 0 ? 0 : 10))
  );
  t.ok(Math.abs(stats.jitterMs - 10) < 0.01, `jitter ${stats.jitterMs} ms ≈ 10 ms`);
});

t.test('a 48 kHz clock scales the units', async (t) => {
  const stats = new RtpReceiveStats(48_000);
  // 960 samples per 20 ms at 48 kHz; one packet 5 ms late → D = 240 units → J = 15 units = 0.3125 ms.
  stats.add({ ssrc: SSRC, sequenceNumber: 1, timestamp: 0 }, 0);
  stats.add({ ssrc: SSRC, sequenceNumber: 2, timestamp: 960 }, 25);
  t.equal(stats.jitterMs, 15 / 48);
});

t.test('the RTP timestamp wrapping at 2^32 is not a jump', async (t) => {
  const stats = new RtpReceiveStats(8000);
  feed(stats, paced(50), { ts0: 2 ** 32 - 160 * 10 });
  t.equal(stats.jitterMs, 0);
});

t.test('loss: expected from the sequence numbers minus received, across the 16-bit wrap', async (t) => {
  const stats = new RtpReceiveStats(8000);
  // Sequence 65530 … 65535, 0 … 13; packets 4 and 8 (65534 and 2) never arrive.
  feed(stats, paced(20), { seq0: 65_530, skip: new Set([4, 8]) });
  t.equal(stats.received, 18);
  t.equal(stats.lost, 2);
});

t.test('a late (reordered) packet fills its gap and does not move the highest sequence back', async (t) => {
  const stats = new RtpReceiveStats(8000);
  feed(stats, paced(10), { skip: new Set([5]) });
  t.equal(stats.lost, 1);
  stats.add({ ssrc: SSRC, sequenceNumber: 105, timestamp: 1000 + 160 * 5 }, 250);
  t.equal(stats.lost, 0, 'the late packet counts as received');
  stats.add({ ssrc: SSRC, sequenceNumber: 110, timestamp: 1000 + 160 * 10 }, 260);
  t.equal(stats.lost, 0, 'the highest sequence still advanced by one');
});

t.test('a new SSRC starts the figures over', async (t) => {
  const stats = new RtpReceiveStats(8000);
  feed(stats, [0, 20, 45], { skip: new Set([1]) });
  t.ok(stats.jitterMs > 0);
  t.equal(stats.lost, 1);
  feed(stats, paced(5, 1_000), { ssrc: 42, seq0: 9 });
  t.equal(stats.received, 5);
  t.equal(stats.lost, 0);
  t.equal(stats.jitterMs, 0);
});
