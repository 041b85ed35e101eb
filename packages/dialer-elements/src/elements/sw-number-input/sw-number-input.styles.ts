import { css } from 'lit';

// Keys keep 44 px both ways however narrow the widget (the grid's columns shrink to that, no further).
export const numberInputStyles = css`
  :host {
    display: block;
  }
  label {
    display: block;
    font-size: 0.875em;
    color: var(--_muted);
    margin-bottom: 4px;
  }
  .field {
    display: flex;
    gap: 4px;
  }
  input {
    flex: 1;
    min-width: 0;
    font: inherit;
    font-size: 1.25em;
    letter-spacing: 0.02em;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 6px 10px;
    min-height: 44px;
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .error {
    color: var(--_danger);
    font-size: 0.875em;
    min-height: 1.25em;
    margin: 4px 0 0;
  }
  .keypad {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: 6px;
    margin-top: var(--_gap);
  }
  .keypad button,
  [part='backspace'] {
    min-width: 44px;
  }
  .keypad button {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    min-height: 48px;
    line-height: 1.1;
    touch-action: manipulation;
    user-select: none;
  }
  .digit {
    font-size: 1.25em;
  }
  .letters {
    font-size: 0.65em;
    letter-spacing: 0.12em;
    color: var(--_muted);
    min-height: 1em;
  }
`;
