import { css } from 'lit';

export const callQualityStyles = css`
  :host {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-size: 0.875em;
    color: var(--_muted);
  }
  .bars {
    display: inline-flex;
    align-items: flex-end;
    gap: 2px;
    height: 14px;
  }
  .bar {
    width: 4px;
    border-radius: 1px;
    background: var(--_border);
    opacity: 0.45;
  }
  .bar:nth-child(1) {
    height: 40%;
  }
  .bar:nth-child(2) {
    height: 70%;
  }
  .bar:nth-child(3) {
    height: 100%;
  }
  .bar.on {
    opacity: 1;
  }
  :host([rating='good']) .bar.on {
    background: var(--sw-quality-good, var(--_success));
  }
  :host([rating='fair']) .bar.on {
    background: var(--sw-quality-fair, #bf8700);
  }
  :host([rating='poor']) .bar.on {
    background: var(--sw-quality-poor, var(--_danger));
  }
`;
