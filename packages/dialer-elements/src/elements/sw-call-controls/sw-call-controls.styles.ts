import { css } from 'lit';

// A narrow widget: Call or End across the row, the toggles two by two below it.
export const callControlsStyles = css`
  :host {
    display: block;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
  }
  .call {
    background: var(--_success);
    border-color: var(--_success);
    color: var(--_accent-fg);
    flex: 1;
    font-weight: 600;
  }
  .end {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_danger-fg);
    flex: 1;
    font-weight: 600;
  }
  button[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  @container sw-dialer (max-width: 300px) {
    .row > button {
      flex: 1 1 calc(50% - var(--_gap));
    }
    .row > .call,
    .row > .end {
      flex-basis: 100%;
    }
  }
  .dtmf {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: 6px;
    margin-top: var(--_gap);
  }
  .hint {
    margin: 0;
    color: var(--_muted);
  }
  .sent {
    margin: 4px 0 0;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
    min-height: 1.25em;
  }
`;
