import { css } from 'lit';

export const incomingCallStyles = css`
  :host {
    display: block;
  }
  .card {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    padding: var(--_gap);
    border: 2px solid var(--_success);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .card.elsewhere {
    border-style: dashed;
    border-color: var(--_border);
  }
  .title {
    margin: 0;
    font-weight: 600;
  }
  .who {
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  .name {
    font-weight: 600;
  }
  .company,
  .number,
  .notice {
    color: var(--_muted);
  }
  .notice {
    margin: 0;
  }
  .row {
    display: flex;
    gap: var(--_gap);
  }
  .answer {
    background: var(--_success);
    border-color: var(--_success);
    color: var(--_accent-fg);
    flex: 1;
    font-weight: 600;
  }
  .decline {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_danger-fg);
    flex: 1;
    font-weight: 600;
  }
`;
