// The history list's data helpers, in the chunk history-view.ts loads with (the budget script finds that
// chunk by this file).
export { createApiClient } from '../../api/api-client.js';
export { dispositionsOf } from '../sw-wrap-up/dispositions.js';
