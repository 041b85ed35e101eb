import { css } from 'lit';

export const callTimerStyles = css`
  :host {
    display: inline-block;
    font-variant-numeric: tabular-nums;
    font-size: var(--sw-timer-font-size, 1.5em);
  }
  :host([hidden]) {
    display: none;
  }
`;
