// The dispositions a wrap-up offers and the history filters by: shared by the wrap-up's chunk and the
// history's data chunk (both lazy), so neither the initial load nor a call carries them.
import enDispositions from '../../i18n/en-dispositions.js';
import type { Messages } from '../../i18n/en.js';

/** The English defaults, in order (the list offered in English when the host sets none). */
export const DEFAULT_DISPOSITIONS = Object.values(enDispositions.defaultDispositions);

// What the API takes as a disposition (shared-types' dispositionSchema, docs/adr/0070), restated so that
// classic zod stays out of the browser: an entry it would refuse is never offered, so a saved wrap-up is
// never dropped by the API for its shape.
const DISPOSITION_SHAPE = /^[\p{L}\p{N}][\p{L}\p{N} _.'&()/+-]{0,63}$/u;

/** The entries of a host's list the API accepts, in its order, each once. */
export function usableDispositions(list: readonly string[]): string[] {
  return [...new Set(list.map((entry) => entry.trim()).filter((entry) => DISPOSITION_SHAPE.test(entry)))];
}

/**
 * The defaults in the agent's language, stored as shown (docs/adr/0120): the catalogue's `defaultDispositions`
 * (English when the element's catalogue has none: English leaves them to this chunk), a host's renames merged.
 */
export function defaultDispositions(m: Partial<Pick<Messages, 'defaultDispositions'>>): string[] {
  return usableDispositions(Object.values({ ...enDispositions.defaultDispositions, ...m.defaultDispositions }));
}

/** What a dialer says of its dispositions: the `dispositions` property (an array or text), else the attribute. */
export interface DispositionsHost extends Element {
  dispositions?: string[] | string | undefined;
}

/** A dialer's usable list; [] when it sets none (the wrap-up then offers `defaultDispositions`). */
export function ownDispositions(host: DispositionsHost | null | undefined): string[] {
  const value = host?.dispositions ?? host?.getAttribute('dispositions') ?? '';
  return usableDispositions(Array.isArray(value) ? value : value.split(','));
}

/** A dialer's usable list, else the defaults in the language of `m`. */
export function dispositionsOf(host: DispositionsHost | null | undefined, m: Partial<Pick<Messages, 'defaultDispositions'>>): string[] {
  const own = ownDispositions(host);
  return own.length > 0 ? own : defaultDispositions(m);
}
