// The wrap-up after a call (docs/adr/0095, 0096), loaded with import() by <sw-dialer> when a call has ended:
// nothing of it is in the initial load or on the way to placing a call. It registers <sw-wrap-up> (lazily,
// so not in define.ts), shows it in the dialer, and sends what is saved through the call-log outbox.
import type { WidgetEventMap } from '@sw-dialer/shared-types';
import type { DialerController } from '../../controller/dialer-controller.js';
import type { CallWrappedUpDetail } from '../../events/sw-call-wrapped-up.js';
import { SwCallWrappedUpEvent } from '../../events/sw-call-wrapped-up-event.js';
import { ownDispositions } from './dispositions.js';
import { wrapUpElement, type LitKit, type SwWrapUp, type WrapUpValue } from './sw-wrap-up.js';

/** What the flow uses of its `<sw-dialer>`. Each setting: the property when set, else the attribute. */
export interface WrapUpHost extends HTMLElement {
  /** The host's choices: an array, or comma-separated text (attribute `dispositions`); see dispositions.ts. */
  dispositions?: string[] | string | undefined;
  /** Seconds an untouched wrap-up stays (attribute `wrap-up-timeout`); unset: `DEFAULT_TIMEOUT_S`; 0: until Save or Skip. */
  wrapUpTimeout?: number | undefined;
  /** No wrap-up (attribute `no-wrap-up`). */
  noWrapUp?: boolean | undefined;
  /** The open wrap-up, which the dialer renders under its controls. */
  wrapUpPanel?: HTMLElement | null | undefined;
  requestUpdate(): void;
  readonly updateComplete: Promise<boolean>;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export const DEFAULT_TIMEOUT_S = 120;
/** How long "Wrap-up saved" stays to be read before the panel goes. */
const SAVED_NOTICE_MS = 4_000;

declare global {
  interface HTMLElementTagNameMap {
    'sw-wrap-up': SwWrapUp;
  }
}

/** Closes the open wrap-up of each dialer: `dial` keeps what was chosen (saved), anything else drops it. */
const closers = new WeakMap<WrapUpHost, (how: 'dial' | 'drop') => void>();

/** A call that never reached anyone (no token, no microphone, a page closed mid-dial) has nothing to wrap up. */
export function wantsWrapUp(ended: WidgetEventMap['sw-call-ended']): boolean {
  return !(ended.status === 'failed' && ended.durationMs === 0 && ['error', 'network', 'abandoned'].includes(ended.endReason));
}

/** Seconds an untouched wrap-up stays: the property, else the attribute, else the default; 0 when not a positive number. */
export function timeoutOf(dialer: WrapUpHost): number {
  const value = Number(dialer.wrapUpTimeout ?? dialer.getAttribute('wrap-up-timeout') ?? DEFAULT_TIMEOUT_S);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** Registers `<sw-wrap-up>` once, built on the page's lit. */
export function defineWrapUp(lit: LitKit): void {
  if (!customElements.get('sw-wrap-up')) customElements.define('sw-wrap-up', wrapUpElement(lit));
}

export async function openWrapUp(
  dialer: WrapUpHost,
  controller: Pick<DialerController, 'load' | 'view'>,
  ended: WidgetEventMap['sw-call-ended'],
  lit: LitKit
): Promise<void> {
  defineWrapUp(lit);
  closers.get(dialer)?.('dial');
  if ((dialer.noWrapUp ?? dialer.hasAttribute('no-wrap-up')) || !wantsWrapUp(ended)) return;
  const engine = await controller.load();
  const { clientSessionId, callId } = engine.actor.getSnapshot().context;
  if (!clientSessionId) return;

  const panel = document.createElement('sw-wrap-up');
  panel.setAttribute('part', 'wrap-up');
  panel.number = controller.view.displayNumber || ended.number;
  // None of the host's own: the panel offers the defaults in its language (docs/adr/0120).
  panel.dispositions = ownDispositions(dialer);
  panel.timeout = timeoutOf(dialer);

  // Focus follows the call only when it was in the dialer (the Hang up button that just went) or nowhere:
  // an agent typing in the host page's form is not pulled away from it.
  const active = document.activeElement;
  const takeFocus = !active || active === document.body || dialer.contains(active) || dialer.matches(':focus-within');

  const remove = () => {
    if (closers.get(dialer) !== close) return;
    closers.delete(dialer);
    dialer.removeEventListener('sw-before-dial', onDial);
    const hadFocus = panel.matches(':focus-within');
    dialer.wrapUpPanel = null;
    dialer.requestUpdate();
    if (hadFocus) void dialer.updateComplete.then(() => dialer.renderRoot.querySelector<HTMLElement>('sw-number-input')?.focus());
  };
  const save = ({ disposition, notes }: WrapUpValue) => {
    // The call's id, if the API acknowledged it after the call ended; else the outbox finds it (ADR 96).
    const context = engine.actor.getSnapshot().context;
    const id = (context.clientSessionId === clientSessionId ? context.callId : null) ?? callId;
    engine.outbox.wrapUp(clientSessionId, id, { disposition, notes });
    const detail: CallWrappedUpDetail = { callId: id, number: ended.number, disposition, notes };
    dialer.dispatchEvent(new SwCallWrappedUpEvent(detail));
    // As after a call's closing write: the history reloads once the wrap-up reached the API (or is queued).
    void engine.outbox
      .flush()
      .then(() =>
        dialer.dispatchEvent(new CustomEvent('sw-call-logged', { detail: { callId: id, pending: engine.outbox.pending() }, bubbles: true, composed: true }))
      );
  };
  const close = (how: 'dial' | 'drop') => {
    // Dialing the next call keeps a disposition already chosen: the agent's work is never thrown away.
    if (how === 'dial' && !panel.saved && panel.value.disposition) save(panel.value);
    remove();
  };
  const onDial = () => close('dial');

  panel.addEventListener('sw-wrap-up-save', (event) => {
    event.stopPropagation();
    save((event as CustomEvent<WrapUpValue>).detail);
    // Focus leaves the form that is now gone for the number field; the saved notice is read meanwhile.
    if (panel.matches(':focus-within')) dialer.renderRoot.querySelector<HTMLElement>('sw-number-input')?.focus();
    setTimeout(remove, SAVED_NOTICE_MS);
  });
  panel.addEventListener('sw-wrap-up-dismiss', (event) => {
    event.stopPropagation();
    remove();
  });
  dialer.addEventListener('sw-before-dial', onDial);
  closers.set(dialer, close);
  panel.focusOnOpen = takeFocus;
  dialer.wrapUpPanel = panel;
  dialer.requestUpdate();
}
