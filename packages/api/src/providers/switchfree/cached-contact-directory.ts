import { createHash } from 'node:crypto';
import { contactSchema, type Contact } from '@sw-dialer/shared-types';
import { z } from 'zod';
import { cacheKeys, type CacheTtls } from './cache-policy.js';
import { Coalescer } from './coalescer.js';
import type { CachedValue, EntryCache } from './entry-cache.js';
import { contactIdInput, distinctNumbers, MAX_NUMBERS_PER_CALL, searchInput } from './input-validation.js';
import type {
  ContactByIdResult,
  ContactDirectory,
  ContactMatchResult,
  ContactSearchOptions,
  ContactSearchResult,
  ContactsByIdResult,
  NumberMatch,
  SwitchFreeClient
} from './types.js';
import type { UpstreamGate } from './upstream-gate.js';

const contactList = z.array(contactSchema);
/** A history page is at most 100 rows; the adapter splits larger batches anyway. */
const MAX_IDS_PER_CALL = 500;
const contactOrNull = contactSchema.nullable();
const searchPage = z.object({ items: contactList, nextCursor: z.string().nullable() });
type SearchPage = z.infer<typeof searchPage>;

/**
 * The ContactDirectory the API uses: cache first, then SwitchFree through the breaker, and when that
 * fails the stale cache or an empty answer, flagged `degraded`. It never throws for upstream trouble:
 * a caller-ID lookup must never stand between a user and a call.
 */
export class CachedContactDirectory implements ContactDirectory {
  private readonly matches = new Coalescer<Contact[]>();
  private readonly byId = new Coalescer<Contact | null>();
  private readonly searches = new Coalescer<SearchPage>();

  constructor(
    private readonly client: SwitchFreeClient,
    private readonly gate: UpstreamGate,
    private readonly cache: EntryCache,
    private readonly ttl: CacheTtls
  ) {}

  async matchNumbers(numbers: readonly string[]): Promise<ContactMatchResult> {
    const wanted = distinctNumbers(numbers, MAX_NUMBERS_PER_CALL, 'matchNumbers');
    const cached = await this.cache.getMany(wanted.map(cacheKeys.number), contactList);
    const answers = new Map<string, NumberMatch>();
    const missing: string[] = [];
    for (const number of wanted) {
      const hit = cached.get(cacheKeys.number(number));
      if (hit?.fresh) answers.set(number, { number, contacts: hit.value, degraded: false });
      else missing.push(number);
    }

    if (missing.length > 0) {
      const degradedAnswer = (number: string): NumberMatch => ({ number, contacts: cached.get(cacheKeys.number(number))?.value ?? [], degraded: true });
      if (this.gate.isOpen()) {
        for (const number of missing) answers.set(number, degradedAnswer(number));
      } else {
        const pending = this.matches.load(missing, (batch) => this.fetchMatches(batch));
        await Promise.all(
          missing.map(async (number) => {
            try {
              answers.set(number, { number, contacts: await (pending.get(number) as Promise<Contact[]>), degraded: false });
            } catch {
              answers.set(number, degradedAnswer(number));
            }
          })
        );
      }
    }

    const matches = wanted.map((number) => answers.get(number) as NumberMatch);
    return { matches, degraded: matches.some((match) => match.degraded) };
  }

  async getById(id: string): Promise<ContactByIdResult> {
    const parsedId = contactIdInput.safeParse(id);
    if (!parsedId.success) throw new TypeError('getById: id is not a SwitchFree contact id');
    const key = cacheKeys.contactId(parsedId.data);
    const hit = (await this.cache.getMany([key], contactOrNull)).get(key);
    if (hit?.fresh) return { contact: hit.value, degraded: false };
    return this.fromUpstream<Contact | null, ContactByIdResult>(
      hit,
      () => this.byId.load([id], async () => new Map([[id, await this.fetchContact(id)]])).get(id) as Promise<Contact | null>,
      (contact) => ({ contact, degraded: false }),
      (stale) => ({ contact: stale ?? null, degraded: true })
    );
  }

  async getByIds(ids: readonly string[]): Promise<ContactsByIdResult> {
    const wanted = [...new Set(ids)];
    if (wanted.length > MAX_IDS_PER_CALL || wanted.some((id) => !contactIdInput.safeParse(id).success)) {
      throw new TypeError(`getByIds: ids must be at most ${MAX_IDS_PER_CALL} SwitchFree contact ids`);
    }
    const cached = await this.cache.getMany(wanted.map(cacheKeys.contactId), contactOrNull);
    const contacts = new Map<string, Contact | null>();
    const missing: string[] = [];
    for (const id of wanted) {
      const hit = cached.get(cacheKeys.contactId(id));
      if (hit?.fresh) contacts.set(id, hit.value);
      else missing.push(id);
    }
    let degraded = false;
    if (missing.length > 0) {
      const stale = (id: string) => cached.get(cacheKeys.contactId(id))?.value ?? null;
      if (this.gate.isOpen()) {
        degraded = true;
        for (const id of missing) contacts.set(id, stale(id));
      } else {
        // Shares in-flight lookups with getById, and sends the rest together: one request for the page.
        const pending = this.byId.load(missing, (batch) => this.fetchContacts(batch));
        await Promise.all(
          missing.map(async (id) => {
            try {
              contacts.set(id, await (pending.get(id) as Promise<Contact | null>));
            } catch {
              degraded = true;
              contacts.set(id, stale(id));
            }
          })
        );
      }
    }
    return { contacts: new Map(wanted.map((id) => [id, contacts.get(id) ?? null])), degraded };
  }

  async search(query: string, options: ContactSearchOptions = {}): Promise<ContactSearchResult> {
    const parsed = searchInput.safeParse({ query, limit: options.limit ?? 20, cursor: options.cursor ?? null });
    if (!parsed.success) throw new TypeError('search: query must be 1..200 characters and limit 1..100');
    const input = parsed.data;
    // A digest keeps keys short and keeps what people type out of Redis key names.
    const digest = createHash('sha256')
      .update(JSON.stringify([input.query, input.limit, input.cursor]))
      .digest('base64url');
    const key = cacheKeys.search(digest);
    const hit = (await this.cache.getMany([key], searchPage)).get(key);
    if (hit?.fresh) return { ...hit.value, degraded: false };
    return this.fromUpstream<SearchPage, ContactSearchResult>(
      hit,
      () =>
        this.searches
          .load([key], async () => new Map([[key, await this.fetchSearch(key, input.query, input.limit, input.cursor)]]))
          .get(key) as Promise<SearchPage>,
      (page) => ({ ...page, degraded: false }),
      (stale) => ({ items: stale?.items ?? [], nextCursor: stale?.nextCursor ?? null, degraded: true })
    );
  }

  /** Upstream if the breaker allows it; on any failure the stale entry (if any), degraded. */
  private async fromUpstream<T, R>(
    hit: CachedValue<T> | undefined,
    load: () => Promise<T>,
    fresh: (value: T) => R,
    degraded: (stale: T | undefined) => R
  ): Promise<R> {
    if (this.gate.isOpen()) return degraded(hit?.value);
    try {
      return fresh(await load());
    } catch {
      return degraded(hit?.value);
    }
  }

  private async fetchMatches(batch: string[]): Promise<Map<string, Contact[]>> {
    const found = await this.gate.call('contacts.match', () => this.client.matchNumbers(batch));
    const entries = [...found].map(([number, contacts]) =>
      contacts.length > 0
        ? { key: cacheKeys.number(number), value: contacts, freshMs: this.ttl.matchMs, staleMs: this.ttl.staleMatchMs }
        : { key: cacheKeys.number(number), value: contacts, freshMs: this.ttl.missMs, staleMs: 0 }
    );
    // Whoever is matched by number is likely opened by id next (the call log links the contact id).
    const people = [...found.values()]
      .flat()
      .map((contact) => ({ key: cacheKeys.contactId(contact.id), value: contact, freshMs: this.ttl.matchMs, staleMs: this.ttl.staleMatchMs }));
    // Awaited (and bounded by the cache timeout) so that another instance asking right after finds it.
    await this.cache.setMany([...entries, ...people]);
    return found;
  }

  private async fetchContact(id: string): Promise<Contact | null> {
    const contact = await this.gate.call('contacts.get', () => this.client.getContact(id));
    await this.cache.setMany([
      contact
        ? { key: cacheKeys.contactId(id), value: contact, freshMs: this.ttl.matchMs, staleMs: this.ttl.staleMatchMs }
        : { key: cacheKeys.contactId(id), value: null, freshMs: this.ttl.missMs, staleMs: 0 }
    ]);
    return contact;
  }

  private async fetchContacts(batch: string[]): Promise<Map<string, Contact | null>> {
    const found = await this.gate.call('contacts.batch', () => this.client.getContacts(batch));
    await this.cache.setMany(
      [...found].map(([id, contact]) =>
        contact
          ? { key: cacheKeys.contactId(id), value: contact, freshMs: this.ttl.matchMs, staleMs: this.ttl.staleMatchMs }
          : { key: cacheKeys.contactId(id), value: null, freshMs: this.ttl.missMs, staleMs: 0 }
      )
    );
    return found;
  }

  private async fetchSearch(key: string, query: string, limit: number, cursor: string | null): Promise<SearchPage> {
    const page = await this.gate.call('contacts.search', () => this.client.searchContacts(query, limit, cursor));
    await this.cache.setMany([{ key, value: page, freshMs: this.ttl.searchMs, staleMs: this.ttl.staleSearchMs }]);
    return page;
  }
}
