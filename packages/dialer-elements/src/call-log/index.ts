export { CallLogOutbox, CallLiveElsewhereError, OtherUserError } from './call-log-outbox.js';
export { PartitionedOutbox, adoptLegacyOutbox, partitionOf } from './outbox-partition.js';
export type { Identity, PartitionedOutboxOptions } from './outbox-partition.js';
export type { CallLogOutboxOptions } from './call-log-outbox.js';
export { callLogActions } from './call-log-actions.js';
export { createCallOwnership, OWNERSHIP_CHANNEL } from './call-ownership.js';
export type { CallOwnership } from './call-ownership.js';
export { defaultOutboxStorage, localStorageOutbox, memoryOutbox, DEFAULT_OUTBOX_KEY } from './outbox-storage.js';
export type { OutboxEntry, OutboxState, OutboxStorage } from './outbox-storage.js';
