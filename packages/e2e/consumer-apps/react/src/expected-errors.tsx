// Each line below must be a type error (the consumer test checks tsc names each one): the package's typings catch
// a misspelt property and a detail field the event does not have.
import type {} from '@sw-dialer/elements/react';
import type { SwCallEndedEvent } from '@sw-dialer/elements';

export const misspeltProperty = <sw-dialer tokenEndpont="/token" />;
export const wrongDetailField = <sw-dialer onsw-call-ended={(e: SwCallEndedEvent) => e.detail.endReasn} />;
export const wrongEventType = <sw-dialer onsw-call-ended={(e: CustomEvent<{ reason: string }>) => e.detail.reason} />;
export const wrongListener = document.createElement('sw-dialer').addEventListener('sw-call-ended', (e) => e.detail.durationSeconds);
