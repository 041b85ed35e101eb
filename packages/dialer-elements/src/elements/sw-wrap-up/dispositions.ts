// The dispositions a wrap-up offers and the history filters by: shared by the wrap-up's chunk and the
// history's data chunk (both lazy), so neither the initial load nor a call carries them.

/** Offered when the host sets no usable list of its own (`dispositions` on `<sw-dialer>`). */
export const DEFAULT_DISPOSITIONS = ['Interested', 'Not interested', 'Call back', 'Left voicemail', 'No answer', 'Wrong number'];

// What the API takes as a disposition (shared-types' dispositionSchema, docs/adr/0070), restated so that
// classic zod stays out of the browser: an entry it would refuse is never offered, so a saved wrap-up is
// never dropped by the API for its shape.
const DISPOSITION_SHAPE = /^[\p{L}\p{N}][\p{L}\p{N} _.'&()/+-]{0,63}$/u;

/** The entries of a host's list the API accepts, in its order, each once. */
export function usableDispositions(list: readonly string[]): string[] {
  return [...new Set(list.map((entry) => entry.trim()).filter((entry) => DISPOSITION_SHAPE.test(entry)))];
}

/** What a dialer says of its dispositions: the `dispositions` property (an array or text), else the attribute. */
export interface DispositionsHost extends Element {
  dispositions?: string[] | string | undefined;
}

/** A dialer's usable list, else `DEFAULT_DISPOSITIONS`. */
export function dispositionsOf(host: DispositionsHost | null | undefined): string[] {
  const value = host?.dispositions ?? host?.getAttribute('dispositions') ?? '';
  const own = usableDispositions(Array.isArray(value) ? value : value.split(','));
  return own.length > 0 ? own : DEFAULT_DISPOSITIONS;
}
