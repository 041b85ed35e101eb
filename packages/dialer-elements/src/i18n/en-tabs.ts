// The English words of a call shown from another tab (src/tabs/call-mirror.ts): part of the catalogue's keys
// (en.ts types them with the rest), loaded with the mirror's own chunk the first time another tab's call is
// heard, so neither the initial load nor a call carries them (docs/adr/0125). Other languages keep these keys
// in their one file.

const enTabs = {
  /** Above a call carried by another tab of this browser, shown (and ended, muted, held) from here. */
  callInOtherTab: 'This call is in another tab',
  /** The same call, over: this tab shows how it ended. */
  callEndedInOtherTab: 'The call in another tab is over'
};

export default enTabs;
