// Which tab of this browser receives calls. A person with the widget open in several tabs is one subscriber
// online on several devices: SignalWire would ring them all, and the answer in one would leave the others
// ringing until they lose the race. So only one tab goes online: the holder of a Web Lock (the same
// mechanism the call-log outbox shares between tabs), handed to the next tab when it goes offline or
// closes. The owner says on a BroadcastChannel when a call rings and when it stops, so that the other
// tabs can show where it rings (docs/adr/0101). A tab that places a call takes the line from its owner
// (`steal`), so that the call's SDK connection is the profile's only one (docs/adr/0137).

export const LINE_LOCK = 'sw-dialer:line';
export const LINE_CHANNEL = 'sw-dialer:line';

/** What the owning tab tells the others. */
export type LineMessage = { type: 'ringing'; who: string } | { type: 'quiet' };

export interface LineClaim {
  /** Gives the line up (or stops waiting for it). */
  release(): void;
  /** Takes the line now from the tab that holds it, which hears `lost`; once per claim. */
  steal(): void;
  /** Tells the other tabs that a call rings here, or no longer does. */
  say(message: LineMessage): void;
}

/**
 * Waits for the line and calls `owned` once this tab holds it; `heard` gets what the owning tab says
 * while this one waits, `lost` that another tab took the line from this one (the claim is over then).
 * Where Web Locks are missing (an insecure context), every tab owns its line.
 */
export function claimLine(
  owned: () => void,
  heard: (message: LineMessage) => void,
  lost: () => void = () => undefined,
  names = { lock: LINE_LOCK, channel: LINE_CHANNEL }
): LineClaim {
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(names.channel) : null;
  channel?.addEventListener('message', (event: MessageEvent<LineMessage>) => heard(event.data));
  const abort = new AbortController();
  let release: (() => void) | undefined;
  let released = false;
  let stolen = false;
  const locks = globalThis.navigator?.locks;
  const hold = () => {
    if (released) return undefined;
    owned();
    // Held until release(): the lock is the line.
    return new Promise<void>((resolve) => (release = resolve));
  };
  // A held lock that another tab steals rejects its request with an AbortError: the line went with it.
  const whenTaken = (error: unknown) => {
    if (release && !released && (error as { name?: string } | null)?.name === 'AbortError') {
      released = true;
      channel?.close();
      lost();
    }
  };
  if (locks) {
    // Aborted while waiting: nothing to do.
    locks.request(names.lock, { signal: abort.signal }, hold).catch(whenTaken);
  } else {
    queueMicrotask(owned);
  }
  return {
    release() {
      if (released) return;
      released = true;
      abort.abort();
      release?.();
      channel?.close();
    },
    steal() {
      if (!locks || stolen || released || release) return;
      stolen = true;
      // Out of the queue first: a request cannot both wait (signal) and steal.
      abort.abort();
      locks.request(names.lock, { steal: true }, hold).catch(whenTaken);
    },
    say(message) {
      channel?.postMessage(message);
    }
  };
}
