import { css } from 'lit';

/**
 * The theme every element shares. Hosts theme through `--sw-*` custom properties only (DESIGN.md);
 * the internal `--_*` names resolve them with defaults, dark ones under `prefers-color-scheme: dark`.
 */
// 44 px: the smallest target a finger hits reliably (WCAG 2.5.5).
export const themeStyles = css`
  :host {
    --_bg: var(--sw-color-background, #ffffff);
    --_fg: var(--sw-color-text, #1b1f24);
    --_muted: var(--sw-color-text-muted, #57606a);
    --_border: var(--sw-color-border, #8c959f);
    --_surface: var(--sw-color-surface, #f6f8fa);
    --_accent: var(--sw-color-accent, #0a66c2);
    --_accent-fg: var(--sw-color-accent-text, #ffffff);
    --_danger: var(--sw-color-danger, #b42318);
    --_danger-fg: var(--sw-color-danger-text, #ffffff);
    --_success: var(--sw-color-success, #1a7f37);
    --_focus: var(--sw-focus-ring, 0 0 0 3px rgb(10 102 194 / 45%));
    --_radius: var(--sw-radius, 8px);
    --_gap: var(--sw-spacing, 8px);
    --_font: var(--sw-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--sw-font-size, 15px);
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_fg);
    box-sizing: border-box;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--sw-color-background, #0d1117);
      --_fg: var(--sw-color-text, #e6edf3);
      --_muted: var(--sw-color-text-muted, #9da7b3);
      --_border: var(--sw-color-border, #6e7681);
      --_surface: var(--sw-color-surface, #161b22);
      --_accent: var(--sw-color-accent, #4493f8);
      --_accent-fg: var(--sw-color-accent-text, #0d1117);
      --_danger: var(--sw-color-danger, #f85149);
      --_danger-fg: var(--sw-color-danger-text, #0d1117);
      --_success: var(--sw-color-success, #3fb950);
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface);
    min-height: 44px;
    padding: 0 12px;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
