/**
 * SwitchFree's wire format as this emulator serves it. SwitchFree publishes no API description, so
 * this is the contract the project defines (docs/switchfree-contract.md). It is deliberately not our
 * normalized shape (snake_case, its own presence vocabulary, phone labels we do not use) so that the
 * API's adapter really has to translate, as it will for the real service.
 */
export const WIRE_PRESENCE_STATES = ['online', 'busy', 'dnd', 'away', 'offline'] as const;
export type WirePresenceState = (typeof WIRE_PRESENCE_STATES)[number];

export const WIRE_PHONE_LABELS = ['mobile', 'work', 'home', 'main', 'fax', 'other'] as const;
export type WirePhoneLabel = (typeof WIRE_PHONE_LABELS)[number];

export interface WireContact {
  id: string;
  first_name: string | null;
  last_name: string | null;
  display_name: string;
  company: string | null;
  phones: Array<{ number: string; label: WirePhoneLabel }>;
  updated_at: string;
}

export interface WirePresence {
  number: string;
  state: WirePresenceState;
  last_activity_at: string | null;
}
