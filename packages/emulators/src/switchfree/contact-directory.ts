import type { WireContact } from './wire-types.js';

/** The emulator's in-memory directory: read-only after seeding, so lookups can share objects safely. */
export class ContactDirectory {
  private readonly sorted: WireContact[];
  private readonly byId = new Map<string, WireContact>();
  private readonly byNumber = new Map<string, WireContact[]>();

  constructor(contacts: readonly WireContact[]) {
    // A stable order (name, then id) so cursors stay valid between pages.
    this.sorted = [...contacts].sort((a, b) => a.display_name.localeCompare(b.display_name, 'en') || a.id.localeCompare(b.id));
    for (const contact of this.sorted) {
      this.byId.set(contact.id, contact);
      for (const phone of contact.phones) {
        const list = this.byNumber.get(phone.number) ?? [];
        list.push(contact);
        this.byNumber.set(phone.number, list);
      }
    }
  }

  get size(): number {
    return this.sorted.length;
  }

  get(id: string): WireContact | undefined {
    return this.byId.get(id);
  }

  match(number: string): WireContact[] {
    return this.byNumber.get(number) ?? [];
  }

  /** Numbers that belong to someone, in directory order. */
  allNumbers(): string[] {
    return [...this.byNumber.keys()];
  }

  /**
   * Case-insensitive substring search over names and companies; a query that is mostly digits also
   * searches phone numbers, as a type-ahead does when someone starts typing a number.
   */
  search(query: string, offset: number, limit: number): { items: WireContact[]; nextOffset: number | null } {
    const text = query.trim().toLocaleLowerCase('en');
    const digits = /^[+\d\s().-]+$/.test(text) ? text.replace(/\D/g, '') : '';
    const matches = this.sorted.filter((contact) => {
      if (text === '') return true;
      if (contact.display_name.toLocaleLowerCase('en').includes(text)) return true;
      if (contact.company?.toLocaleLowerCase('en').includes(text)) return true;
      return digits.length >= 3 && contact.phones.some((phone) => phone.number.replace(/\D/g, '').includes(digits));
    });
    const items = matches.slice(offset, offset + limit);
    const nextOffset = offset + limit < matches.length ? offset + limit : null;
    return { items, nextOffset };
  }
}

/** Cursors are opaque to clients: base64url of the offset, so a client cannot build one by hand by accident. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeCursor(cursor: string): number | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'o' in parsed && Number.isSafeInteger(parsed.o) && (parsed.o as number) >= 0) {
      return parsed.o as number;
    }
  } catch {
    // fall through: a malformed cursor is the client's error, answered with a 400
  }
  return null;
}
