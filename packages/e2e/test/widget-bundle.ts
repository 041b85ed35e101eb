// A plain JavaScript module of the repository, imported for its one function.
import { buildIntoDist } from '../../dialer-elements/scripts/build-in-place.mjs';

/**
 * The widget's production bundle in packages/dialer-elements/dist, which the examples server serves. Every
 * e2e stack builds it (start-stack.ts, and examples-stack.ts through it), and tap runs several test files
 * at once: the build puts each changed file in place atomically, chunks before the entry (build-in-place.mjs).
 */
export async function buildWidgetBundle(): Promise<void> {
  await buildIntoDist();
}
