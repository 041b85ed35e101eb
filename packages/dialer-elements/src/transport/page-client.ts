// The page's one connection to SignalWire. `SignalWire()` of @signalwire/js is a module singleton until
// `disconnect()` (src/fabric/SignalWire.ts), so the dials, the preconnect and the incoming line of every
// <sw-dialer> on the page share one client; this module remembers it, its token, and whether the line
// keeps it open, so that a tab can close it when another tab carries the call (docs/adr/0125, 0137).
import type { CallToken } from './transport-events.js';

interface Client {
  updateToken(token: string): Promise<void>;
  disconnect(): Promise<void>;
}
type Connect<C> = (params: { token: string; host?: string; logLevel?: 'debug' | 'silent' }) => Promise<C>;

interface Shared {
  promise: Promise<Client>;
  token: string;
  /** The newer token being handed over: a dial with it waits for the hand-over. */
  renewing?: Promise<void>;
}
let shared: Shared | undefined;
/** Whether the incoming line is online on the client: then it stays open while this tab holds the line. */
let lineHolds = false;
/** The calls up on the client, dialled or answered, of every widget of the page. */
export const callsOnPage = new Set<object>();

/** The page's client, connected with `token` the first time and given a newer token afterwards. */
export async function pageClient<C extends Client>(connect: Connect<C>, token: CallToken, debug: boolean): Promise<C> {
  if (!shared) {
    // `logLevel` is the SDK's public switch (its `logger` option is marked internal).
    const promise = connect({ token: token.token, ...(token.relayHost ? { host: token.relayHost } : {}), logLevel: debug ? 'debug' : 'silent' });
    const entry: Shared = { promise, token: token.token };
    shared = entry;
    promise.catch(() => {
      if (shared === entry) shared = undefined;
    });
    return promise;
  }
  const current = shared;
  const client = (await current.promise) as C;
  if (current.token !== token.token) await renew(current, client, token.token);
  else await current.renewing;
  return client;
}

/** A newer token for the page's client, if it has one (a call's token renewal). */
export async function renewPageClient(token: CallToken): Promise<void> {
  const current = shared;
  if (!current) return;
  await renew(current, await current.promise, token.token);
}

/** Gives the client a newer token; a dial with it waits until the SDK has taken it. */
async function renew(entry: Shared, client: Client, token: string): Promise<void> {
  entry.token = token;
  const renewing = client.updateToken(token).finally(() => {
    if (entry.token === token) entry.renewing = undefined;
  });
  entry.renewing = renewing.catch(() => undefined);
  await renewing;
}

/** The incoming line is online on the page's client (true), or no longer (false). */
export function holdForLine(held: boolean): void {
  lineHolds = held;
}

/**
 * Closes the page's connection and forgets the client (the SDK resets its singleton on `disconnect()`), so
 * that the next dial connects afresh. `unlessInUse` leaves it open while a call of the page is up on it or
 * the incoming line is online on it.
 */
export async function closePageClient(options: { unlessInUse?: boolean } = {}): Promise<void> {
  if (options.unlessInUse && (lineHolds || callsOnPage.size > 0)) return;
  const current = shared;
  shared = undefined;
  lineHolds = false;
  await current?.promise.then((client) => client.disconnect()).catch(() => undefined);
}
