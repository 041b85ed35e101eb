import { createPrng, pick } from './prng.js';
import type { WireContact, WirePhoneLabel, WirePresenceState } from './wire-types.js';

/**
 * The seeded directory: the SignalWire emulator's scenario numbers first (named so that a demo shows
 * who answers, who is busy, ...), then generated people. Every number is in a range reserved for
 * fiction (NANP 555-01xx, Ofcom's 020 7946 0xxx drama range), so nobody real is ever dialled.
 */

export interface SeedContact {
  contact: WireContact;
  /** Presence at start-up, per number of the contact. */
  initialState: WirePresenceState;
  /** Scenario contacts keep their presence: the schedule never changes them, so demos stay predictable. */
  pinned: boolean;
}

export const SEED_CONTACT_COUNT = 220;
const SEED = 0x5f1ee;
// A fixed instant, not "now": the directory must be identical on every start.
const UPDATED_AT = '2026-01-05T09:00:00.000Z';

interface ScenarioPerson {
  number: string;
  first: string;
  last: string;
  company: string;
  state: WirePresenceState;
}

export const SCENARIO_PEOPLE: readonly ScenarioPerson[] = [
  { number: '+12025550100', first: 'Ada', last: 'Answers', company: 'Northwind Traders', state: 'online' },
  { number: '+12025550101', first: 'Bruno', last: 'Busy', company: 'Contoso Logistics', state: 'busy' },
  { number: '+12025550102', first: 'Nora', last: 'Noanswer', company: 'Fabrikam Fibers', state: 'away' },
  { number: '+12025550103', first: 'Ivan', last: 'Invalid', company: 'Tailspin Toys', state: 'offline' },
  { number: '+12025550104', first: 'Nadia', last: 'Network', company: 'Woodgrove Bank', state: 'offline' },
  { number: '+12025550105', first: 'Dexter', last: 'Declines', company: 'Litware Labs', state: 'dnd' },
  { number: '+12025550106', first: 'Shirin', last: 'Shortcall', company: 'Adventure Works', state: 'online' }
];

/** A company switchboard shared by two seeded people: a number can match more than one contact. */
export const SHARED_MAIN_LINE = '+12125550100';

const FIRST_NAMES = [
  'Amelia',
  'Benjamin',
  'Chloe',
  'Daniel',
  'Elena',
  'Farid',
  'Grace',
  'Hiroshi',
  'Isabel',
  'Jamal',
  'Kira',
  'Liam',
  'Maya',
  'Noah',
  'Olivia',
  'Priya',
  'Quentin',
  'Rosa',
  'Samuel',
  'Tara',
  'Umar',
  'Valentina',
  'Wei',
  'Ximena',
  'Yusuf',
  'Zoe'
] as const;
const LAST_NAMES = [
  'Anderson',
  'Bauer',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Usman',
  'Varga',
  'Walsh',
  'Xu',
  'Yilmaz',
  'Zhang'
] as const;
const COMPANIES = [
  'Blue Yonder Airlines',
  'Coho Winery',
  'Alpine Ski House',
  'Lucerne Publishing',
  'Margie Travel',
  'Proseware',
  'Relecloud',
  'Southridge Video',
  'Trey Research',
  'Wide World Importers',
  'Wingtip Toys',
  'Graphic Design Institute',
  'Humongous Insurance',
  'City Power & Light'
] as const;
const STATES: readonly WirePresenceState[] = ['online', 'online', 'online', 'busy', 'away', 'dnd', 'offline', 'offline'];
const SECOND_LABELS: readonly WirePhoneLabel[] = ['work', 'home', 'fax'];

/** Fictional numbers, never a scenario number: NANP 555-0100..0199 in several area codes, then London drama numbers. */
function fictionalNumbers(): string[] {
  const numbers: string[] = [];
  for (const area of ['212', '312', '415', '617', '713', '303']) {
    for (let line = 100; line <= 199; line += 1) numbers.push(`+1${area}555${String(line).padStart(4, '0')}`);
  }
  for (let line = 0; line <= 999; line += 1) numbers.push(`+44207946${String(line).padStart(4, '0')}`);
  // The shared switchboard is handed out on purpose below.
  return numbers.filter((n) => n !== SHARED_MAIN_LINE);
}

function contactId(index: number): string {
  return `sfc_${String(index + 1).padStart(4, '0')}`;
}

export function seedContacts(): SeedContact[] {
  const random = createPrng(SEED);
  const seeds: SeedContact[] = SCENARIO_PEOPLE.map((person, index) => ({
    contact: {
      id: contactId(index),
      first_name: person.first,
      last_name: person.last,
      display_name: `${person.first} ${person.last}`,
      company: person.company,
      phones: [{ number: person.number, label: 'mobile' }],
      updated_at: UPDATED_AT
    },
    initialState: person.state,
    pinned: true
  }));

  const numbers = fictionalNumbers();
  let nextNumber = 0;
  const takeNumber = (): string => {
    const number = numbers[nextNumber];
    nextNumber += 1;
    if (number === undefined) throw new Error('ran out of fictional numbers');
    return number;
  };

  for (let index = seeds.length; index < SEED_CONTACT_COUNT; index += 1) {
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    // About one in six people is a private contact without a company.
    const company = random() < 0.17 ? null : pick(random, COMPANIES);
    const phones: WireContact['phones'] = [{ number: takeNumber(), label: company === null ? 'mobile' : pick(random, ['mobile', 'work'] as const) }];
    if (random() < 0.3) phones.push({ number: takeNumber(), label: pick(random, SECOND_LABELS) });
    seeds.push({
      contact: {
        id: contactId(index),
        first_name: first,
        last_name: last,
        display_name: `${first} ${last}`,
        company,
        phones,
        updated_at: UPDATED_AT
      },
      initialState: pick(random, STATES),
      pinned: false
    });
  }

  // Two colleagues at one company share its switchboard as their "main" number.
  for (const seed of seeds.slice(SCENARIO_PEOPLE.length, SCENARIO_PEOPLE.length + 2)) {
    seed.contact.company = 'Fourth Coffee';
    seed.contact.phones.push({ number: SHARED_MAIN_LINE, label: 'main' });
  }
  return seeds;
}
