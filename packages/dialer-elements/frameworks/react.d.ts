// React 19 JSX typings for <sw-dialer> (docs/adr/0092). Load them once in the app:
//   import type {} from '@sw-dialer/elements/react';
// Properties in camelCase are checked (a misspelt one is an error); listeners are `onsw-call-ended={(e) => ...}`.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { SwDialer } from './index.js';
import type { SwDialerAttributes, SwDialerEventProps, SwDialerProperties } from './sw-dialer-props.js';

export type SwDialerJsxProps = DetailedHTMLProps<HTMLAttributes<SwDialer>, SwDialer> & SwDialerProperties & SwDialerAttributes & SwDialerEventProps;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'sw-dialer': SwDialerJsxProps;
    }
  }
}
