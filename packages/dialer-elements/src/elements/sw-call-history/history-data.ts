// The history list's data helpers, loaded with `import()` when the list first connects.
export { createApiClient } from '../../api/api-client.js';
export { endReasonText } from '@sw-dialer/shared-types';
// Parsing and formatting numbers come from the phone module, which sw-call-history loads with loadPhone().
export { dispositionsOf } from '../sw-wrap-up/dispositions.js';
