// What a framework's template may give <sw-dialer> (docs/adr/0092): shared by the React and Vue typings, which
// the package build copies into dist/types/ beside the library's declarations (hence the relative import).
import type { SwDialer } from './index.js';
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

/** The element's reactive properties (React 19 sets them as properties once the tag is defined). */
export interface SwDialerProperties {
  tokenEndpoint?: string;
  apiBase?: string;
  number?: string;
  defaultCountry?: string;
  disabled?: boolean;
  interceptTelLinks?: boolean;
  agentPhone?: string;
  userId?: string;
  debug?: boolean;
  prepare?: 'interaction' | 'idle';
  preconnect?: boolean;
  /** The wrap-up's dispositions: an array, or a comma-separated list. */
  dispositions?: string[] | string;
  wrapUpTimeout?: number;
  noWrapUp?: boolean;
  online?: boolean;
  ringtone?: string;
  ringTimeout?: number;
  toasts?: boolean;
  messages?: SwDialer['messages'];
  authToken?: SwDialer['authToken'];
  getAuthHeaders?: SwDialer['getAuthHeaders'];
  transport?: SwDialer['transport'];
}

/** The same settings as HTML attributes. */
export interface SwDialerAttributes {
  'token-endpoint'?: string;
  'api-base'?: string;
  'default-country'?: string;
  'intercept-tel-links'?: boolean;
  'agent-phone'?: string;
  'user-id'?: string;
  'wrap-up-timeout'?: number | string;
  'no-wrap-up'?: boolean;
  'ring-timeout'?: number | string;
}

/** Listeners by React 19's `on<event-name>` convention for custom elements. */
export interface SwDialerEventProps {
  'onsw-before-dial'?: (event: SwBeforeDialEvent) => void;
  'onsw-call-state-change'?: (event: SwCallStateChangeEvent) => void;
  'onsw-call-ended'?: (event: SwCallEndedEvent) => void;
  'onsw-call-error'?: (event: SwCallErrorEvent) => void;
  'onsw-contact-resolved'?: (event: SwContactResolvedEvent) => void;
  'onsw-call-logged'?: (event: SwCallLoggedEvent) => void;
  'onsw-call-quality'?: (event: SwCallQualityEvent) => void;
  'onsw-call-wrapped-up'?: (event: SwCallWrappedUpEvent) => void;
  'onsw-incoming-call'?: (event: SwIncomingCallEvent) => void;
  'onsw-online-change'?: (event: SwOnlineChangeEvent) => void;
}
