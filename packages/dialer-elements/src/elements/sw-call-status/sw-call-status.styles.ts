import { css } from 'lit';

export const callStatusStyles = css`
  :host {
    display: block;
  }
  .status {
    display: flex;
    align-items: baseline;
    gap: var(--_gap);
    flex-wrap: wrap;
  }
  .state {
    font-weight: 600;
  }
  :host([state='failed']) .state {
    color: var(--_danger);
  }
  :host([state='connected']) .state {
    color: var(--_success);
  }
  .reason {
    color: var(--_muted);
  }
  :host([state='failed']) .reason {
    color: var(--_danger);
  }
`;
