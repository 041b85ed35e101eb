import { expect, fixture, html } from '@open-wc/testing';
import '../../define.js';
import { expectAccessible, shadow } from '../../../test/browser/helpers.js';
import { formatDuration, type SwCallTimer, type TimerClock } from './sw-call-timer.js';

/** A clock the test moves by hand; interval callbacks run as time passes. */
function fakeClock(start: number) {
  let now = start;
  const timers = new Map<number, { callback: () => void; ms: number; next: number }>();
  let id = 0;
  const clock: TimerClock & { advance(ms: number): void; active(): number } = {
    now: () => now,
    setInterval(callback, ms) {
      timers.set(++id, { callback, ms, next: now + ms });
      return id;
    },
    clearInterval(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.values()].filter((t) => t.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        now = due.next;
        due.next += due.ms;
        due.callback();
      }
      now = end;
    },
    active: () => timers.size
  };
  return clock;
}

const T0 = Date.parse('2026-03-01T12:00:00Z');

async function timer(clock: TimerClock) {
  const el = await fixture<SwCallTimer>(html`<sw-call-timer></sw-call-timer>`);
  el.clock = clock;
  return el;
}
const text = (el: SwCallTimer) => shadow(el, '[part="time"]').textContent!.trim();

describe('sw-call-timer', () => {
  it('formats m:ss and h:mm:ss', () => {
    expect(formatDuration(0)).to.equal('0:00');
    expect(formatDuration(59_999)).to.equal('0:59');
    expect(formatDuration(65_000)).to.equal('1:05');
    expect(formatDuration(3_600_000 + 61_000)).to.equal('1:01:01');
    expect(formatDuration(-5)).to.equal('0:00');
  });

  it('shows 0:00 and runs no interval before the call is answered', async () => {
    const clock = fakeClock(T0);
    const el = await timer(clock);
    clock.advance(10_000);
    await el.updateComplete;
    expect(text(el)).to.equal('0:00');
    expect(clock.active()).to.equal(0);
  });

  it('counts connected time from answeredAt, exactly, with a fake clock', async () => {
    const clock = fakeClock(T0);
    const el = await timer(clock);
    el.answeredAt = T0;
    await el.updateComplete;
    clock.advance(65_000);
    await el.updateComplete;
    expect(text(el)).to.equal('1:05');
    expect(el.elapsedMs).to.equal(65_000);
    clock.advance(999);
    await el.updateComplete;
    expect(text(el)).to.equal('1:05', 'no rounding up');
    clock.advance(1);
    await el.updateComplete;
    expect(text(el)).to.equal('1:06');
    await expectAccessible(el);
  });

  it('stops at endedAt, and stops its interval', async () => {
    const clock = fakeClock(T0);
    const el = await timer(clock);
    el.answeredAt = T0 + 2_000; // dialling and ringing do not count
    await el.updateComplete;
    clock.advance(12_000);
    el.endedAt = T0 + 12_000;
    await el.updateComplete;
    expect(text(el)).to.equal('0:10');
    expect(clock.active()).to.equal(0);
    clock.advance(60_000);
    await el.updateComplete;
    expect(text(el)).to.equal('0:10');
    expect(el.elapsedMs).to.equal(10_000);
  });

  it('releases its interval when removed from the page', async () => {
    const clock = fakeClock(T0);
    const el = await timer(clock);
    el.answeredAt = T0;
    await el.updateComplete;
    expect(clock.active()).to.equal(1);
    el.remove();
    expect(clock.active()).to.equal(0);
  });
});
