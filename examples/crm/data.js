// The CRM's own records, fixed for the demo. The phone numbers are the emulators' fictional scenario
// numbers (DESIGN.md), so each buyer answers, is busy, declines... in a predictable way, and the widget
// finds the same people in the emulated SwitchFree directory.

export const BUYERS = [
  {
    id: 'b-1001',
    name: 'Ada Answers',
    company: 'Northwind Traders',
    lookingFor: '3-bed house, Capitol Hill',
    budget: 850_000,
    phone: '+12025550100',
    stage: 'Viewing booked'
  },
  {
    id: 'b-1002',
    name: 'Bruno Busy',
    company: 'Contoso Logistics',
    lookingFor: 'Office floor, downtown',
    budget: 2_400_000,
    phone: '+12025550101',
    stage: 'New lead'
  },
  {
    id: 'b-1003',
    name: 'Nora Noanswer',
    company: 'Fabrikam Fibers',
    lookingFor: '2-bed condo near a park',
    budget: 560_000,
    phone: '+12025550102',
    stage: 'Follow up'
  },
  {
    id: 'b-1004',
    name: 'Dexter Declines',
    company: 'Litware Labs',
    lookingFor: 'Loft with studio space',
    budget: 720_000,
    phone: '+12025550105',
    stage: 'Cold'
  },
  {
    id: 'b-1005',
    name: 'Shirin Shortcall',
    company: 'Adventure Works',
    lookingFor: 'Townhouse, Georgetown',
    budget: 1_150_000,
    phone: '+12025550106',
    stage: 'Offer drafted'
  }
];

export const SELLERS = [
  { id: 's-2001', name: 'Ivan Invalid', company: 'Tailspin Toys', property: '14 Elm Street', phone: '+12025550103' },
  { id: 's-2002', name: 'Nadia Network', company: 'Woodgrove Bank', property: '9 Harbor View, unit 4', phone: '+12025550104' }
];

export const LISTINGS = [
  { id: 'l-301', address: '14 Elm Street', kind: 'House, 4 bed', price: 910_000, status: 'Active' },
  { id: 'l-302', address: '9 Harbor View, unit 4', kind: 'Condo, 2 bed', price: 540_000, status: 'Under offer' },
  { id: 'l-303', address: '221 Foundry Lane', kind: 'Loft, 1 bed', price: 695_000, status: 'Active' },
  { id: 'l-304', address: '3 Quarry Row', kind: 'Townhouse, 3 bed', price: 1_090_000, status: 'Coming soon' }
];

/** The emulated far end's behaviour per number, for the Dialer page's "test numbers" list. */
export const TEST_NUMBERS = [
  ['+12025550100', 'answers after about 1 s and stays up until you hang up'],
  ['+12025550101', 'busy'],
  ['+12025550102', 'rings, never answers'],
  ['+12025550103', 'the number does not exist'],
  ['+12025550104', 'network failure'],
  ['+12025550105', 'declined'],
  ['+12025550106', 'answers, then hangs up after 3 s']
];
