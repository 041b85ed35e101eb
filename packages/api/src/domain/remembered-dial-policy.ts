import { LRUCache } from 'lru-cache';
import { checkDialPolicy, type DialPolicy, type DialPolicyRule } from '@sw-dialer/shared-types/dial-policy';

/** The policy's verdict on one number, as the calls service answers it. */
export type DestinationVerdict = { allowed: true } | { allowed: false; rule: DialPolicyRule; message: string };

/** Numbers whose verdict is kept: a few hundred bytes each, so a few MB at most. */
const REMEMBERED_NUMBERS = 10_000;

/**
 * The destination policy (ADR 65) with each number's verdict remembered. The verdict depends on the number
 * and the policy alone, and the policy is fixed for the life of the process, so a kept verdict is always the
 * one a fresh check would give. Every outbound call asks twice (POST /calls, then SignalWire's script through
 * the dial-policy endpoint), and redials ask again; each check parses the number with libphonenumber's full
 * metadata, which was a tenth of the create-call route's CPU (bench/RESULTS.md, issue 22).
 */
export function rememberedDialPolicy(policy: DialPolicy, max = REMEMBERED_NUMBERS): (number: string) => DestinationVerdict {
  const verdicts = new LRUCache<string, DestinationVerdict>({ max });
  return (number) => {
    let verdict = verdicts.get(number);
    if (!verdict) {
      const decision = checkDialPolicy(number, policy);
      // Frozen: every later caller with this number gets the same object.
      verdict = Object.freeze(decision.allowed ? { allowed: true } : { allowed: false, rule: decision.rule, message: decision.message });
      verdicts.set(number, verdict);
    }
    return verdict;
  };
}
