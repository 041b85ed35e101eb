import type { HistoryQuery, HistoryResponse } from '@sw-dialer/shared-types';
import type { ContactDirectory } from '../providers/switchfree/types.js';
import type { CallLogsRepository } from '../repositories/call-logs.repository.js';

export interface HistoryServiceDeps {
  repository: CallLogsRepository;
  contacts: ContactDirectory;
}

/**
 * A page of call history with what each row shows: the page from the database, then every contact the
 * page names resolved in one batched, cached lookup (one upstream request per page at most, cold). A
 * lookup that fails leaves the names out (`contactsDegraded`) and the rows fall back to the number.
 */
export class HistoryService {
  constructor(private readonly deps: HistoryServiceDeps) {}

  async list(userId: string, query: HistoryQuery): Promise<HistoryResponse> {
    const page = await this.deps.repository.history(userId, query);
    const ids = [...new Set(page.items.flatMap((item) => (item.contactId ? [item.contactId] : [])))];
    const lookup = ids.length > 0 ? await this.deps.contacts.getByIds(ids) : { contacts: new Map(), degraded: false };
    const items = page.items.map((item) => {
      const contact = item.contactId ? lookup.contacts.get(item.contactId) : null;
      return { ...item, contact: contact ? { displayName: contact.displayName, company: contact.company ?? null } : null };
    });
    return { ...page, items, contactsDegraded: lookup.degraded };
  }
}
