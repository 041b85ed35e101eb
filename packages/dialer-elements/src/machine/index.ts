export { callMachine, CONNECTION_LOST, TOKEN_REFRESH_MARGIN_MS } from './call-machine.js';
export type { BridgeCallInput, CallSessionInput, LogCreateParams, LogPatchParams } from './call-machine.js';
export { isTransientError } from './transient.js';
export { viewOf, widgetStateOf } from './view.js';
export type { DialerSnapshot } from './view.js';
export type * from './types.js';
