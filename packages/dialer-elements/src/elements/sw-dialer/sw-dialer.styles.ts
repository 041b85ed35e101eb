import { css } from 'lit';

// Less padding in a narrow column: 5 % of the width the page gives, between one and two gaps.
// The widget's parts lay out by the width the widget has, never by the page's viewport (docs/adr/0108).
export const dialerStyles = css`
  :host {
    display: block;
    max-width: var(--sw-dialer-width, 360px);
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.5);
    padding: clamp(var(--_gap), 5%, calc(var(--_gap) * 2));
  }
  .stack {
    container: sw-dialer / inline-size;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_gap) * 1.5);
  }
  .live {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: var(--_gap);
  }
  @container sw-dialer (max-width: 300px) {
    .live {
      flex-direction: column;
      align-items: flex-start;
    }
  }
  :host([disabled]) {
    opacity: 0.7;
  }
`;
