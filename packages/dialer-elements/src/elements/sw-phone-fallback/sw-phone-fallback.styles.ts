import { css } from 'lit';

export const phoneFallbackStyles = css`
  :host {
    display: block;
  }
  .panel {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    padding: var(--_gap);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  p {
    margin: 0;
  }
  .call,
  .end {
    font-weight: 600;
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  .end {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_danger-fg);
  }
`;
