import { expect } from '@open-wc/testing';
import 'axe-core/axe.min.js';
import { createFakeApiServer, type FakeApiServer } from '../fakes/fake-api-server.js';

declare global {
  interface Window {
    axe: {
      run(context: Element, options?: object): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }> }>;
    };
  }
}

/** Runs axe-core on an element (its shadow DOM included) and fails with the rules it broke. */
export async function expectAccessible(element: Element, label = element.tagName.toLowerCase()): Promise<void> {
  const result = await window.axe.run(element, { resultTypes: ['violations'] });
  const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
  expect(found, `axe violations in ${label}`).to.deep.equal([]);
}

/** Routes `fetch` to an in-memory API for the duration of a test. */
export function installFakeApi(): FakeApiServer & { restore(): void } {
  const server = createFakeApiServer();
  const original = window.fetch;
  window.fetch = server.fetch;
  return Object.assign(server, {
    restore() {
      window.fetch = original;
    }
  });
}

export async function until(predicate: () => boolean, message = 'condition', timeoutMs = 3000): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function shadow<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const found = host.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`${selector} not found in ${host.tagName.toLowerCase()}`);
  return found;
}

/** Collects the named events dispatched on `target`. */
export function record<T = unknown>(target: EventTarget, ...names: string[]): Array<{ type: string; detail: T }> {
  const seen: Array<{ type: string; detail: T }> = [];
  for (const name of names) target.addEventListener(name, (e) => seen.push({ type: name, detail: (e as CustomEvent<T>).detail }));
  return seen;
}
