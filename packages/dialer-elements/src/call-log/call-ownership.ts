/**
 * Which open calls this browser is actually carrying. A 409 from the API names an open call; if no tab
 * owns it, it was left open by a crashed or reloaded page and may be closed as abandoned; if a tab owns
 * it, it is live and must never be closed. Tabs ask each other over a BroadcastChannel.
 */
export interface CallOwnership {
  claim(callId: string): void;
  release(callId: string): void;
  /** True when this page or another tab carries the call. */
  isLive(callId: string): Promise<boolean>;
  /** Whether this widget has a call open (being placed, ringing or up), known before the log has its id. */
  setOpen(open: boolean): void;
  /** True when a widget of this page has a call open: a dial is refused before anything is sent. */
  openOnPage(): boolean;
  close(): void;
}

type Message = { type: 'who-owns'; callId: string; nonce: string } | { type: 'owns'; callId: string; nonce: string };

export const OWNERSHIP_CHANNEL = 'sw-dialer:calls';
const ANSWER_WAIT_MS = 300;

// Calls carried by this page, shared by every widget on it (the SDK is a page singleton too).
const pageCalls = new Set<string>();
// Widgets of this page with a call open, by their ownership.
const pageOpen = new Set<CallOwnership>();

export function createCallOwnership(options: { channelName?: string; waitMs?: number } = {}): CallOwnership {
  const waitMs = options.waitMs ?? ANSWER_WAIT_MS;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(options.channelName ?? OWNERSHIP_CHANNEL) : null;
  const waiting = new Map<string, () => void>();
  const owned = new Set<string>();

  channel?.addEventListener('message', (event: MessageEvent<Message>) => {
    const message = event.data;
    if (message?.type === 'who-owns' && owned.has(message.callId)) {
      channel.postMessage({ type: 'owns', callId: message.callId, nonce: message.nonce } satisfies Message);
    } else if (message?.type === 'owns') {
      waiting.get(message.nonce)?.();
    }
  });

  const ownership: CallOwnership = {
    claim(callId) {
      owned.add(callId);
      pageCalls.add(callId);
    },
    release(callId) {
      owned.delete(callId);
      pageCalls.delete(callId);
    },
    async isLive(callId) {
      if (pageCalls.has(callId)) return true;
      if (!channel) return false;
      const nonce = Math.random().toString(36).slice(2);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(nonce);
          resolve(false);
        }, waitMs);
        waiting.set(nonce, () => {
          clearTimeout(timer);
          waiting.delete(nonce);
          resolve(true);
        });
        channel.postMessage({ type: 'who-owns', callId, nonce } satisfies Message);
      });
    },
    setOpen(open) {
      if (open) pageOpen.add(ownership);
      else pageOpen.delete(ownership);
    },
    openOnPage: () => pageOpen.size > 0,
    close() {
      for (const callId of owned) pageCalls.delete(callId);
      owned.clear();
      pageOpen.delete(ownership);
      channel?.close();
    }
  };
  return ownership;
}
