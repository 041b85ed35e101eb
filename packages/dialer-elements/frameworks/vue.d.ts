// Vue 3 typings for <sw-dialer> (docs/adr/0092). Load them once in the app:
//   import type {} from '@sw-dialer/elements/vue';
// and tell Vue's compiler the tag is a custom element (vite.config: vue({ template: { compilerOptions:
// { isCustomElement: (tag) => tag.startsWith('sw-') } } })). With `strictTemplates` a misspelt prop is an error.
import type { DefineComponent } from 'vue';
import type { SwDialerAttributes, SwDialerProperties } from './sw-dialer-props.js';
import type {
  SwBeforeDialEvent,
  SwCallEndedEvent,
  SwCallErrorEvent,
  SwCallLoggedEvent,
  SwCallQualityEvent,
  SwCallStateChangeEvent,
  SwContactResolvedEvent
} from './index.js';

/** Listeners as Vue spells them in templates: `@sw-call-ended="(e) => ..."`. */
export interface SwDialerVueEvents {
  'onSw-before-dial'?: (event: SwBeforeDialEvent) => void;
  'onSw-call-state-change'?: (event: SwCallStateChangeEvent) => void;
  'onSw-call-ended'?: (event: SwCallEndedEvent) => void;
  'onSw-call-error'?: (event: SwCallErrorEvent) => void;
  'onSw-contact-resolved'?: (event: SwContactResolvedEvent) => void;
  'onSw-call-logged'?: (event: SwCallLoggedEvent) => void;
  'onSw-call-quality'?: (event: SwCallQualityEvent) => void;
}

declare module 'vue' {
  interface GlobalComponents {
    'sw-dialer': DefineComponent<SwDialerProperties & SwDialerAttributes & SwDialerVueEvents>;
  }
}
