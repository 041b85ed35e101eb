// Plain CSS text, not Lit's `css`: this element loads on demand and must share no module with the initial
// bundle (a shared module becomes a chunk of its own there, docs/adr/0111). The `--_*` theme values are
// inherited from the `<sw-dialer>` it sits in.
export const deviceSettingsStyles = `
  :host {
    display: block;
  }
  .panel {
    display: grid;
    gap: var(--_gap, 8px);
    padding: var(--_gap, 8px);
    border: 1px solid var(--_border, #8c959f);
    border-radius: var(--_radius, 8px);
    background: var(--_surface, #f6f8fa);
  }
  label {
    display: grid;
    gap: 4px;
  }
  select {
    font: inherit;
    min-height: 44px;
    max-width: 100%;
  }
  select:focus-visible {
    outline: none;
    box-shadow: var(--_focus, 0 0 0 3px rgb(10 102 194 / 45%));
  }
  meter {
    width: 100%;
    height: 12px;
  }
  .hint {
    margin: 0;
    color: var(--_muted, #57606a);
  }
  [hidden] {
    display: none;
  }
`;
