import { css } from 'lit';

// The list lays out by its own width, inside the dialer or anywhere on a page (docs/adr/0108).
export const callHistoryStyles = css`
  :host {
    display: block;
    container: sw-history / inline-size;
  }
  form {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(120px, 1fr));
    gap: var(--_gap);
    align-items: end;
    margin-bottom: var(--_gap);
  }
  label {
    display: flex;
    flex-direction: column;
    font-size: 0.8em;
    color: var(--_muted);
    gap: 2px;
  }
  input,
  select {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-height: 44px;
    min-width: 0;
    width: 100%;
    box-sizing: border-box;
    padding: 0 6px;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li {
    display: flex;
    align-items: center;
    gap: var(--_gap);
    padding: 6px 0;
    border-bottom: 1px solid var(--_surface);
  }
  .who {
    flex: 1;
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .meta {
    overflow-wrap: anywhere;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .tag {
    font-size: 0.75em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 0 6px;
    margin-inline-start: 4px;
  }
  .failed {
    color: var(--_danger);
  }
  @container sw-history (max-width: 300px) {
    form {
      grid-template-columns: 1fr;
    }
  }
  nav {
    flex-wrap: wrap;
    gap: var(--_gap);
    display: flex;
    justify-content: space-between;
    align-items: center;
    margin-top: var(--_gap);
  }
  .empty,
  .problem {
    color: var(--_muted);
    padding: var(--_gap) 0;
  }
  .problem {
    color: var(--_danger);
  }
`;
