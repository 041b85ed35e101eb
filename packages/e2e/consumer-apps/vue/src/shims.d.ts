// The package's Vue typings: <sw-dialer> in GlobalComponents.
import type {} from '@sw-dialer/elements/vue';
