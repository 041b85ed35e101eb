/**
 * One dependency's readiness check, steadied against a busy moment. A check with no answer within
 * `timeoutMs` while the same dependency answered a check less than `graceMs` ago reports its last answer:
 * a loaded instance (a CPU-bound neighbour, a burst of requests) is slow, not cut off. An error (refused,
 * reset, an answer saying "not ready") counts at once, and so does slowness that outlasts the grace.
 *
 * Why it matters: a proxy takes an instance out on one failed poll, and during a rolling restart the other
 * instance is already out. Caddy before 2.7.5 then answers a POST or PATCH 503 at once instead of retrying
 * (caddyserver/caddy#5841: "no upstreams available" was retried for GET only), so one slow probe on a
 * loaded machine failed a request (docs/adr/0138).
 */
export class ProbeTimeout extends Error {
  override name = 'ProbeTimeout';
}

export function steadyProbe<T>(check: () => Promise<T>, options: { timeoutMs: number; graceMs: number; now?: () => number }): () => Promise<T> {
  const now = options.now ?? (() => performance.now());
  let last: { value: T; at: number } | undefined;
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    });
    try {
      const value = await Promise.race([check(), late]);
      last = { value, at: now() };
      return value;
    } catch (error) {
      if (error instanceof ProbeTimeout && last && now() - last.at < options.graceMs) return last.value;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}
