// The English words of an incoming call (<sw-incoming-call>): part of the catalogue's keys (en.ts types
// them with the rest), loaded with the incoming-call code when a widget goes online, so neither the initial
// load nor an outbound call carries them (docs/adr/0120). Other languages keep these keys in their one file.

const enIncoming = {
  incomingCall: 'Incoming call',
  incomingFrom: (who: string, company: string) => (company ? `Incoming call from ${who}, ${company}` : `Incoming call from ${who}`),
  unknownCaller: 'Unknown caller',
  answer: 'Answer',
  decline: 'Decline',
  ringingElsewhere: (who: string) => `Ringing in another tab: ${who}`,
  /** Why Answer is refused while a call of the page is up. */
  endCallToAnswer: 'You are on a call: end it to answer this one'
};

export default enIncoming;
