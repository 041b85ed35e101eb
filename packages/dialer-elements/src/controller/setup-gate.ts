/**
 * Work that can wait while a widget sets a call up, from the press of Call until the call rings or ends: the
 * capture, the SDK's peer and its invite are what the person waits for, and a request or a render beside them
 * slows them down in a fresh page (docs/adr/0142). The contact lookup of a number handed to `dial()`, the card's
 * presence and the history's refresh after a call go through it.
 */
export class SetupGate {
  readonly #waiting = new Set<() => void>();
  readonly #settingUp: () => boolean;
  readonly #maxMs: number;

  /** `settingUp` says whether a call is being set up now; `maxMs` is the longest any work waits for it. */
  constructor(settingUp: () => boolean, maxMs: number) {
    this.#settingUp = settingUp;
    this.#maxMs = maxMs;
  }

  /**
   * Runs `work` at once when no call is being set up, else once the set-up is over (`changed()` says when) or
   * after `maxMs` at most (a far end slow to ring). The returned function cancels it if it has not run yet.
   */
  after(work: () => void): () => void {
    if (!this.#settingUp()) {
      work();
      return () => undefined;
    }
    const run = () => {
      if (!this.#waiting.delete(run)) return;
      clearTimeout(timer);
      work();
    };
    this.#waiting.add(run);
    const timer = setTimeout(run, this.#maxMs);
    return () => {
      this.#waiting.delete(run);
      clearTimeout(timer);
    };
  }

  /**
   * The set-up may be over (the call's state changed, a dial let go): what waited runs if it is. This runs
   * inside the dialer's snapshot handling, so a work item that throws neither stops the others nor that
   * handler: its error is rethrown on its own, where the page's error handlers see it.
   */
  changed(): void {
    if (this.#waiting.size === 0 || this.#settingUp()) return;
    for (const run of [...this.#waiting]) {
      try {
        run();
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** The widget left the page: what waited is dropped. */
  clear(): void {
    this.#waiting.clear();
  }
}
