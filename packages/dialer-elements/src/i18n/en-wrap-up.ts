// The English words of the wrap-up (<sw-wrap-up>): part of the catalogue's keys (en.ts types them with the
// rest), loaded with the wrap-up's own chunk after a call, so neither the initial load nor a call carries
// them (docs/adr/0120). Other languages keep these keys in their one file.

const enWrapUp = {
  wrapUpTitle: 'Wrap up the call',
  /** The number comes isolated (U+2068…U+2069), as a <bdi> would. */
  wrapUpTitleTo: (number: string) => `Wrap up the call to ${number}`,
  wrapUpClosesIn: (seconds: number) => `Closes in ${seconds.toLocaleString('en')} s unless you start on it.`,
  wrapUpIntro: 'Save what happened, or skip.',
  disposition: 'Disposition',
  wrapUpNotes: 'Notes',
  charactersLeft: (left: number, max: number) => `${left.toLocaleString('en')} of ${max.toLocaleString('en')} characters left`,
  chooseDisposition: 'Choose a disposition to save, or skip.',
  skip: 'Skip',
  save: 'Save',
  wrapUpSaved: (disposition: string) => `Wrap-up saved: ${disposition}.`
};

export default enWrapUp;
