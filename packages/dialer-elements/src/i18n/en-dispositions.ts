// The default dispositions in English: part of the catalogue's keys (en.ts types them with the rest), but
// loaded with the two features that offer them, the wrap-up and the history's filter (both lazy), never with
// the widget. A team sees them in the agent's language and each is stored as shown; a host that needs the
// same values whatever the language sets its own list (`dispositions` on <sw-dialer>; docs/adr/0120).

const enDispositions = {
  /** Offered when the host sets no list of its own, in this order; the keys only let a host rename one. */
  defaultDispositions: {
    interested: 'Interested',
    notInterested: 'Not interested',
    callBack: 'Call back',
    leftVoicemail: 'Left voicemail',
    noAnswer: 'No answer',
    wrongNumber: 'Wrong number'
  } as Record<string, string>
};

export default enDispositions;
