// The history list's data helpers, loaded with `import()` when the list first connects.
export { createApiClient } from '../../api/api-client.js';
export { endReasonText } from '@sw-dialer/shared-types';
export { formatPhone, parsePhone, preparePhone, preparePhones } from '../../phone/phone.js';
