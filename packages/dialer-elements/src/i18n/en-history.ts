// The English words of the history list (<sw-call-history>): part of the catalogue's keys (en.ts types
// them together), but loaded with the list's own code, which a page that only calls never fetches
// (docs/adr/0105). Other languages keep these keys in their one file.

const enHistory = {
  historyStatus: {
    dialing: 'Calling',
    ringing: 'Ringing',
    connected: 'In progress',
    ended: 'Ended',
    failed: 'Failed'
  } as Record<string, string>,
  filterCalls: 'Filter calls',
  from: 'From',
  to: 'To',
  statusFilter: 'Status',
  anyStatus: 'Any',
  dispositionFilter: 'Disposition',
  notesMarker: 'Notes',
  incoming: 'Incoming',
  contactNumber: 'Contact number',
  apply: 'Apply',
  historyFailed: 'The call history could not be loaded.',
  noCalls: 'No calls yet.',
  recentCalls: 'Recent calls',
  historyPages: 'History pages',
  previous: 'Previous',
  next: 'Next',
  page: (page: number, pages: number | null) => (pages ? `Page ${page} of ${pages}` : `Page ${page}`),
  callCount: (n: number) => `${n.toLocaleString('en')} ${new Intl.PluralRules('en').select(n) === 'one' ? 'call' : 'calls'}`,
  callNumber: (number: string) => `Call ${number}`
};

export default enHistory;
