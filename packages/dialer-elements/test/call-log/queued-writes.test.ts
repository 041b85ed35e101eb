// hasQueuedWrites(): what a page asks on every connect to decide whether to load the call engine at once.
import t from 'tap';
import { DEFAULT_OUTBOX_KEY, hasQueuedWrites, localStorageOutbox } from '../../src/call-log/index.js';

/** A Storage in memory, installed as the page's localStorage for one test. */
function installStorage(t: { teardown(fn: () => void): void }): Storage {
  const items = new Map<string, string>();
  const storage = {
    get length() {
      return items.size;
    },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    clear: () => items.clear()
  } as Storage;
  const had = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
  t.teardown(() => (had ? Object.defineProperty(globalThis, 'localStorage', had) : delete (globalThis as { localStorage?: Storage }).localStorage));
  return storage;
}

t.test("true only while some user's outbox of some API holds writes", async (t) => {
  const storage = installStorage(t);
  storage.setItem('unrelated', '1');
  t.equal(hasQueuedWrites(), false);
  // Written as the outbox writes it: its key is DEFAULT_OUTBOX_KEY, an API and a user (the prefix the check reads).
  const outbox = localStorageOutbox(`${DEFAULT_OUTBOX_KEY}:http://api.test#user:u1`, storage);
  outbox.write({ version: 1, entries: [{ id: '1', kind: 'patch', clientSessionId: 's', body: { status: 'ringing' } }], ids: { s: 'c' } });
  t.equal(hasQueuedWrites(), true);
  outbox.write({ version: 1, entries: [], ids: {} });
  t.equal(hasQueuedWrites(), false, 'an emptied outbox leaves no key behind');
});

t.test('storage that throws on access: nothing could be queued', async (t) => {
  const had = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
  Object.defineProperty(globalThis, 'localStorage', {
    configurable: true,
    get() {
      throw new DOMException('denied', 'SecurityError');
    }
  });
  t.teardown(() => (had ? Object.defineProperty(globalThis, 'localStorage', had) : delete (globalThis as { localStorage?: Storage }).localStorage));
  t.equal(hasQueuedWrites(), false);
});
