import { css } from 'lit';

export const presenceIndicatorStyles = css`
  :host {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-size: 0.875em;
    color: var(--_muted);
  }
  .dot {
    width: var(--sw-presence-size, 10px);
    height: var(--sw-presence-size, 10px);
    border-radius: 50%;
    background: var(--sw-presence-unknown, #8c959f);
    flex: none;
  }
  :host([status='available']) .dot {
    background: var(--sw-presence-available, #1a7f37);
  }
  :host([status='busy']) .dot,
  :host([status='dnd']) .dot {
    background: var(--sw-presence-busy, #cf222e);
  }
  :host([status='away']) .dot {
    background: var(--sw-presence-away, #bf8700);
  }
  :host([status='offline']) .dot {
    background: var(--sw-presence-offline, #57606a);
  }
`;
