import { EventEmitter } from 'node:events';
import { createPrng, pick } from './prng.js';
import { WIRE_PRESENCE_STATES, type WirePresence, type WirePresenceState } from './wire-types.js';

interface Entry {
  state: WirePresenceState;
  lastActivityAt: string;
  pinned: boolean;
}

/**
 * Presence per number. Changes (scheduled or through the control API) are emitted as `change`
 * events carrying the wire object, which the stream route forwards to subscribers.
 */
export class PresenceBoard {
  private readonly entries = new Map<string, Entry>();
  private readonly initial = new Map<string, Entry>();
  private readonly events = new EventEmitter();
  private readonly random = createPrng(0xbeef);
  private timer: NodeJS.Timeout | undefined;

  constructor(seed: Iterable<{ number: string; state: WirePresenceState; pinned: boolean; lastActivityAt: string }>) {
    for (const item of seed) {
      const entry = { state: item.state, lastActivityAt: item.lastActivityAt, pinned: item.pinned };
      this.entries.set(item.number, entry);
      this.initial.set(item.number, { ...entry });
    }
    // Every open stream listens; the default limit of 10 would warn with a dozen subscribers.
    this.events.setMaxListeners(0);
  }

  get(number: string): WirePresence | undefined {
    const entry = this.entries.get(number);
    return entry && { number, state: entry.state, last_activity_at: entry.lastActivityAt };
  }

  /** Sets a number's state; unknown numbers are added (tests may give anyone a presence). Pins the number. */
  set(number: string, state: WirePresenceState, pin = true): WirePresence {
    const entry: Entry = { state, lastActivityAt: new Date().toISOString(), pinned: pin || (this.entries.get(number)?.pinned ?? false) };
    this.entries.set(number, entry);
    const presence = { number, state, last_activity_at: entry.lastActivityAt };
    this.events.emit('change', presence);
    return presence;
  }

  onChange(listener: (presence: WirePresence) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  /** Back to the seeded states, without notifying anyone (a test reset, not a presence change). */
  reset(): void {
    this.entries.clear();
    for (const [number, entry] of this.initial) this.entries.set(number, { ...entry });
  }

  /** Changes one unpinned number to another state every `intervalMs`, so a demo looks alive. */
  startSchedule(intervalMs: number): void {
    this.stopSchedule();
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => this.changeOneAtRandom(), intervalMs);
    // The schedule must never keep a process (or a test) alive on its own.
    this.timer.unref();
  }

  stopSchedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private changeOneAtRandom(): void {
    const candidates = [...this.entries].filter(([, entry]) => !entry.pinned);
    if (candidates.length === 0) return;
    const [number, entry] = pick(this.random, candidates);
    const next = pick(
      this.random,
      WIRE_PRESENCE_STATES.filter((state) => state !== entry.state)
    );
    this.set(number, next, false);
  }
}
