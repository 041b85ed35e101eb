import proxyAddr from '@fastify/proxy-addr';
import { LRUCache } from 'lru-cache';
import type { AppConfig } from '../config.js';

type TrustFunction = (address: string, hop: number) => boolean;

/**
 * Fastify's `trustProxy` option for what TRUST_PROXY says (ADR 15). A list of addresses and ranges is
 * compiled as Fastify would (proxy-addr), with each verdict remembered per address and hop: Fastify asks
 * on every request (the HTTPS rule reads `request.protocol`), parsing the peer's address each time, and
 * the peers of an API are a handful of proxies. Bounded, since direct clients may be many.
 */
export function trustProxyOption(trust: AppConfig['trustProxy']): boolean | TrustFunction {
  // Fastify's hop-count form, spelled as the function it stands for (its types omit the number form).
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  if (!Array.isArray(trust)) return trust ?? false;
  const compiled = proxyAddr.compile(trust);
  const verdicts = new LRUCache<string, boolean>({ max: 1000 });
  return (address, hop) => {
    const key = `${hop} ${address}`;
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      verdict = compiled(address, hop);
      verdicts.set(key, verdict);
    }
    return verdict;
  };
}
