/**
 * Concurrent lookups of the same key share one upstream request, and keys not yet in flight are sent
 * together in one batch. A type-ahead or a page of call history asks for the same numbers many times at
 * once; without this a cold cache would send each of them upstream.
 */
export class Coalescer<V> {
  private readonly inflight = new Map<string, Promise<V>>();

  /** `loader` gets only the keys not already in flight and must answer every one of them. */
  load(keys: readonly string[], loader: (keys: string[]) => Promise<Map<string, V>>): Map<string, Promise<V>> {
    const result = new Map<string, Promise<V>>();
    const fresh: string[] = [];
    for (const key of keys) {
      const pending = this.inflight.get(key);
      if (pending) result.set(key, pending);
      else fresh.push(key);
    }
    if (fresh.length > 0) {
      const batch = loader(fresh);
      for (const key of fresh) {
        const one = batch.then((answers) => {
          const value = answers.get(key);
          if (value === undefined) throw new Error('coalesced loader did not answer every key');
          return value;
        });
        // Callers may give up on a result (time out) without an unhandled rejection being reported.
        one.catch(() => {});
        const settled = one.finally(() => this.inflight.delete(key));
        settled.catch(() => {});
        this.inflight.set(key, one);
        result.set(key, one);
      }
    }
    return result;
  }
}
