import { css } from 'lit';

export const dialerStyles = css`
  :host {
    display: block;
    max-width: var(--sw-dialer-width, 360px);
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.5);
    padding: calc(var(--_gap) * 2);
  }
  .stack {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_gap) * 1.5);
  }
  .live {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: var(--_gap);
  }
  :host([disabled]) {
    opacity: 0.7;
  }
`;
