// Vue 3 typings for <sw-dialer> (docs/adr/0092). Load them once in the app:
//   import type {} from '@sw-dialer/elements/vue';
// and tell Vue's compiler the tag is a custom element (vite.config: vue({ template: { compilerOptions:
// { isCustomElement: (tag) => tag.startsWith('sw-') } } })). With `strictTemplates` a misspelt prop is an error.
import type { DefineComponent, HTMLAttributes } from 'vue';
import type { SwDialerAttributes, SwDialerProperties } from './sw-dialer-props.js';
import type {
  SwBeforeDialEvent,
  SwCallEndedEvent,
  SwCallErrorEvent,
  SwCallLoggedEvent,
  SwCallQualityEvent,
  SwCallStateChangeEvent,
  SwCallWrappedUpEvent,
  SwContactResolvedEvent,
  SwIncomingCallEvent,
  SwOnlineChangeEvent
} from './index.js';

/** Listeners: Vue turns `@sw-call-ended="..."` in a template into the prop `onSwCallEnded`. */
export interface SwDialerVueEvents {
  onSwBeforeDial?: (event: SwBeforeDialEvent) => void;
  onSwCallStateChange?: (event: SwCallStateChangeEvent) => void;
  onSwCallEnded?: (event: SwCallEndedEvent) => void;
  onSwCallError?: (event: SwCallErrorEvent) => void;
  onSwContactResolved?: (event: SwContactResolvedEvent) => void;
  onSwCallLogged?: (event: SwCallLoggedEvent) => void;
  onSwCallQuality?: (event: SwCallQualityEvent) => void;
  onSwCallWrappedUp?: (event: SwCallWrappedUpEvent) => void;
  onSwIncomingCall?: (event: SwIncomingCallEvent) => void;
  onSwOnlineChange?: (event: SwOnlineChangeEvent) => void;
}

declare module 'vue' {
  interface GlobalComponents {
    'sw-dialer': DefineComponent<HTMLAttributes & SwDialerProperties & SwDialerAttributes & SwDialerVueEvents>;
  }
}
