import { css } from 'lit';

export const contactCardStyles = css`
  :host {
    display: block;
  }
  .card {
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: var(--_gap);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .name {
    font-weight: 600;
  }
  .company,
  .unknown {
    color: var(--_muted);
  }
`;
