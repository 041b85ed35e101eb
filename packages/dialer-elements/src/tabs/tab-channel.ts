// The call of this browser profile, shared between its tabs (docs/adr/0125). The tab that carries a call (its
// owner) says what the call is doing on a BroadcastChannel; every other tab's widget shows it and sends End,
// Mute and Hold back to the owner, whose machine applies them. This module is in the initial bundle because a
// tab nobody touched must still hear of a call within a second: it holds the channel, remembers the last
// word from another tab, and asks once, on start, whether a call is up (a tab opened mid-call). The owner's
// side is call-publisher.ts; the mirror, loaded on the first call heard, is call-mirror.ts. A call is its
// user's (the outboxes' partition, partition-of.ts): people signed in in different tabs of one profile do
// not see, or wait for, each other's calls.
import { isOpen } from '../call-state.js';
import type { RenderedView } from '../controller/dialer-controller.js';
import type { DialerCommand } from '../machine/types.js';

/**
 * What the owner says of its call: its widget's view (state with `reconnecting`, mute, hold, the number as read,
 * the call-log id, end reason; `answeredAt`/`endedAt` are epoch ms, one clock for the whole browser, so the
 * mirrors' timers run in step), without the quality readings, and the contact's name and company ('' unknown).
 */
export type SharedCall = RenderedView & { name: string; company: string };

export type TabMessage =
  /** The owner's call, on every change and every `HEARTBEAT_MS`; `gone` when the owner tab is closing. */
  | { t: 'call'; from: string; user: string; call: SharedCall; gone?: boolean }
  /** A tab that has just started: is a call up? (answered by the owner with `call`). */
  | { t: 'ask'; from: string }
  /** A mirror's End, Mute, Hold…, for the owner (`to`) to apply through its machine. */
  | { t: 'do'; from: string; to: string; command: DialerCommand };

export const TAB_CHANNEL = 'sw-dialer:tab-call';
/** How often the owner repeats its call while it is up. */
export const HEARTBEAT_MS = 1_000;
/** Silence after which a mirror takes the owner for gone (crashed, killed): four missed heartbeats. */
export const OWNER_TIMEOUT_MS = 4_000;

/** This page, among the tabs. */
export const TAB_ID = Math.random().toString(36).slice(2);

let channel: BroadcastChannel | null | undefined;
const listeners = new Set<(message: TabMessage) => void>();
/** The last call heard of each user, and when. */
const heard = new Map<string, { message: Extract<TabMessage, { t: 'call' }>; at: number }>();
let asked = false;

/** The page's one channel (null where BroadcastChannel is missing: each tab then stands alone). */
export function tabChannel(): BroadcastChannel | null {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(TAB_CHANNEL) : null;
    channel?.addEventListener('message', ({ data }: MessageEvent<TabMessage>) => {
      if (data?.t === 'call') heard.set(data.user, { message: data, at: Date.now() });
      for (const listener of listeners) listener(data);
    });
  }
  return channel;
}

export function say(
  message: { t: 'call'; user: string; call: SharedCall; gone?: boolean } | { t: 'ask' } | { t: 'do'; to: string; command: DialerCommand }
): void {
  tabChannel()?.postMessage({ ...message, from: TAB_ID });
}

/** Hears every message from the other tabs; the first listener of the page asks whether a call is up. */
export function listen(listener: (message: TabMessage) => void): () => void {
  listeners.add(listener);
  if (!asked) say({ t: 'ask' });
  asked = true;
  return () => listeners.delete(listener);
}

/** The last call of `user` another tab told of, while its owner is heard from. */
export function lastCall(user: string): Extract<TabMessage, { t: 'call' }> | undefined {
  const last = heard.get(user);
  return last && Date.now() - last.at < OWNER_TIMEOUT_MS ? last.message : undefined;
}

/** A call of `user` is up in another tab of this browser: this one must neither dial nor connect to SignalWire. */
export function callElsewhere(user: string): boolean {
  const message = lastCall(user);
  return !!message && !message.gone && isOpen(message.call.state);
}
