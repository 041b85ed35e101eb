// Number parsing is loaded on demand (libphonenumber's metadata is about 29 KB gzipped): elements import
// this module with `import()` on first focus or input, never statically.
export { cleanPhoneInput, formatPhone, parsePhone } from '@sw-dialer/shared-types';
export type { PhoneParseResult } from '@sw-dialer/shared-types';
