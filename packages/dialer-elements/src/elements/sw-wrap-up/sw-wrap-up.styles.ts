// Plain text: the wrap-up gets lit from its dialer (docs/adr/0097), so this file imports nothing.
export const wrapUpCss = `
  :host {
    display: block;
  }
  form,
  .saved {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    padding: var(--_gap);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  h2 {
    font-size: 1em;
    margin: 0;
  }
  p {
    margin: 0;
  }
  fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 4px var(--_gap);
    border: 0;
    margin: 0;
    padding: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 0 4px;
  }
  label.choice {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    min-height: 32px;
  }
  input[type='radio']:focus-visible,
  textarea:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 6px;
    min-height: 4.5em;
    resize: vertical;
    width: 100%;
  }
  .row {
    display: flex;
    gap: var(--_gap);
    align-items: center;
    justify-content: space-between;
    flex-wrap: wrap;
  }
  .muted {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .problem {
    color: var(--_danger);
  }
  .save {
    font-weight: 600;
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
`;
