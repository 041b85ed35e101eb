import type { Presence } from '@sw-dialer/shared-types';
import type { Kysely } from 'kysely';
import type { Database } from './database-types.js';

/** The last presence seen for each number: what a widget is shown when SwitchFree cannot answer. */
export class PresenceStatusRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async save(presence: Omit<Presence, 'degraded'>): Promise<void> {
    await this.db
      .insertInto('presence_status')
      .values({
        number: presence.number,
        available: presence.available,
        status: presence.status,
        last_seen_at: presence.lastSeenAt,
        updated_at: new Date()
      })
      .onConflict((conflict) =>
        conflict.column('number').doUpdateSet((eb) => ({
          available: eb.ref('excluded.available'),
          status: eb.ref('excluded.status'),
          last_seen_at: eb.ref('excluded.last_seen_at'),
          updated_at: eb.ref('excluded.updated_at')
        }))
      )
      .execute();
  }

  async findMany(numbers: readonly string[]): Promise<Map<string, Omit<Presence, 'degraded'>>> {
    if (numbers.length === 0) return new Map();
    const rows = await this.db.selectFrom('presence_status').selectAll().where('number', 'in', numbers).execute();
    return new Map(
      rows.map((row) => [
        row.number,
        { number: row.number, available: row.available, status: row.status as Presence['status'], lastSeenAt: row.last_seen_at?.toISOString() ?? null }
      ])
    );
  }
}
