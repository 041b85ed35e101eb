// Kept apart from outbox-storage.ts: the widget's initial bundle asks this on every connect, while the
// outbox itself loads with the call engine. Its prefix is `DEFAULT_OUTBOX_KEY` (a test holds them equal):
// importing the constant would give the two bundles a shared chunk for one string.

/**
 * True when any call-log outbox in this browser's storage (any API, any user) holds writes: a page that
 * finds some loads the call engine at once to replay them. Reads key names only, so asking costs nothing.
 */
export function hasQueuedWrites(): boolean {
  try {
    const storage = globalThis.localStorage;
    for (let i = 0; i < storage.length; i++) if (storage.key(i)?.startsWith('sw-dialer:call-log-outbox')) return true;
  } catch {
    // Storage unavailable: nothing could have been queued there.
  }
  return false;
}
