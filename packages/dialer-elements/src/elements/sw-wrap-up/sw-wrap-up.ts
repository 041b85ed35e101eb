import type { CSSResultGroup, html as litHtml, nothing as litNothing, unsafeCSS as litUnsafeCSS } from 'lit';
import type { WRAP_UP_NOTES_MAX as SHARED_NOTES_MAX } from '@sw-dialer/shared-types';
import enWrapUp from '../../i18n/en-wrap-up.js';
import type { Messages } from '../../i18n/en.js';
import type { LocalizedElement as LocalizedElementClass } from '../../i18n/localized-element.js';
import { defaultDispositions, usableDispositions } from './dispositions.js';
import { wrapUpCss } from './sw-wrap-up.styles.js';

/**
 * The lit the page has already loaded, handed over by `<sw-dialer>` (docs/adr/0097): importing lit here
 * would make the bundler move lit out of the initial file into a chunk shared with this one, which costs
 * the initial load and every call about 0.5 KB gzipped. Only types are imported from lit. The base class
 * is the catalogue's (docs/adr/0105), so the wrap-up speaks its dialer's language (docs/adr/0120).
 */
export interface LitKit {
  /** `LocalizedElement`: the base of every element with words (a short key: the kit is built on the call path). */
  Base: typeof LocalizedElementClass;
  html: typeof litHtml;
  nothing: typeof litNothing;
  unsafeCSS: typeof litUnsafeCSS;
  themeStyles: CSSResultGroup;
}

// Restated rather than imported: importing a constant from a shared-types schema module would bring its
// classic zod schemas into the browser (docs/adr/0021). The compiler holds the two equal.
const WRAP_UP_NOTES_MAX: typeof SHARED_NOTES_MAX = 2000;

// Plain text as the API takes it: control characters other than tab and newlines go.
const NOT_PLAIN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g;

export interface WrapUpValue {
  disposition: string;
  notes: string;
}

/**
 * The wrap-up step after a call (docs/adr/0095): a disposition from the host's list, free notes (plain text,
 * at most 2,000 characters) and Save / Skip. Presentational: `<sw-dialer>` opens it when a call ends and
 * sends what is saved. It closes by itself after `timeout` seconds unless the agent has started on it.
 * Keyboard: arrows pick a disposition, Ctrl+Enter (⌘+Enter) saves from anywhere in it, Escape skips.
 *
 * @tag sw-wrap-up
 * @summary Disposition, notes, Save / Skip after a call.
 *
 * @fires sw-wrap-up-save - `{disposition, notes}` when Save is pressed with a disposition chosen.
 * @fires sw-wrap-up-dismiss - `{reason}`: `skip` (Skip or Escape) or `timeout` (closed by itself).
 *
 * @csspart panel - The wrap-up's box.
 * @csspart dispositions - The disposition choices.
 * @csspart notes - The notes field.
 * @csspart save - The Save button.
 * @csspart skip - The Skip button.
 *
 * @cssprop --sw-color-surface - Panel background.
 * @cssprop --sw-color-accent - The Save button.
 */
export function wrapUpElement({ Base, html, nothing, unsafeCSS, themeStyles }: LitKit): new () => SwWrapUp {
  return class SwWrapUp extends Base {
    static override styles = [themeStyles, unsafeCSS(wrapUpCss)];
    static override properties = {
      number: { type: String },
      dispositions: { attribute: false },
      timeout: { type: Number },
      saved: { type: Boolean, reflect: true },
      _disposition: { state: true },
      _notes: { state: true },
      _problem: { state: true },
      _remaining: { state: true }
    };

    /** The number (as shown) of the call being wrapped up. */
    declare number: string;
    /** The choices, in order; none usable: the defaults in the element's language (docs/adr/0120). */
    declare dispositions: string[];
    /** Seconds before it closes by itself while untouched; 0 keeps it until Save or Skip. */
    declare timeout: number;
    /** Set once saved: the panel says so until its dialer removes it. */
    declare saved: boolean;
    declare _disposition: string;
    declare _notes: string;
    /** Set when Save was pressed without a disposition (the words come from the catalogue). */
    declare _problem: boolean;
    declare _remaining: number;
    /** Take focus once shown (the dialer sets it when focus was in the dialer or nowhere). */
    focusOnOpen = false;

    #ticker: ReturnType<typeof setInterval> | undefined;
    #touched = false;

    constructor() {
      super();
      this.number = '';
      this.dispositions = [];
      this.timeout = 0;
      this.saved = false;
      this._disposition = '';
      this._notes = '';
      this._problem = false;
      this._remaining = 0;
    }

    /** What the agent has entered so far (disposition '' when none is chosen). */
    get value(): WrapUpValue {
      return { disposition: this._disposition, notes: this._notes.replace(NOT_PLAIN, '') };
    }

    /** Moves focus to the chosen disposition, else the first one. */
    override focus(options?: FocusOptions): void {
      const radios = [...this.renderRoot.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
      (radios.find((radio) => radio.checked) ?? radios[0])?.focus(options);
    }

    protected override firstUpdated(): void {
      if (this.focusOnOpen) this.focus();
    }

    override connectedCallback(): void {
      super.connectedCallback();
      this._remaining = this.timeout;
      // Untouched, it goes away on its own, so the next call is never held up by it; once the agent has
      // started on it, it waits for them (WCAG 2.2.1: the agent's own pace).
      if (this.timeout > 0 && !this.#touched) this.#ticker = setInterval(this.#tick, 1000);
    }

    override disconnectedCallback(): void {
      super.disconnectedCallback();
      this.#stopTicker();
    }

    #tick = () => {
      this._remaining -= 1;
      if (this._remaining > 0) return;
      this.#stopTicker();
      this.#dismiss('timeout');
    };

    #stopTicker(): void {
      clearInterval(this.#ticker);
      this.#ticker = undefined;
    }

    #touch = () => {
      this.#touched = true;
      this.#stopTicker();
    };

    #dismiss(reason: 'skip' | 'timeout'): void {
      this.#stopTicker();
      this.dispatchEvent(new CustomEvent('sw-wrap-up-dismiss', { detail: { reason }, bubbles: true, composed: true }));
    }

    #save = (event?: Event) => {
      event?.preventDefault();
      if (this.saved) return;
      if (!this._disposition) {
        this._problem = true;
        this.focus();
        return;
      }
      this.#stopTicker();
      this.saved = true;
      this.dispatchEvent(new CustomEvent<WrapUpValue>('sw-wrap-up-save', { detail: this.value, bubbles: true, composed: true }));
    };

    #onKeydown = (event: KeyboardEvent) => {
      this.#touch();
      if (event.key === 'Escape') {
        // Handled here: Escape means "skip the wrap-up", never anything the page or the dialer does with it.
        event.preventDefault();
        event.stopPropagation();
        this.#dismiss('skip');
      } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        this.#save(event);
      }
    };

    /** The catalogue's words, with this chunk's English beneath them (English leaves them to it). */
    get #m(): Messages {
      return { ...enWrapUp, ...this.m } as Messages;
    }

    override render() {
      const m = this.#m;
      if (this.saved) {
        return html`<div part="panel" class="saved" role="status">${m.wrapUpSaved(this._disposition)}</div>`;
      }
      const own = usableDispositions(this.dispositions);
      const choices = own.length > 0 ? own : defaultDispositions(m);
      const left = WRAP_UP_NOTES_MAX - this._notes.length;
      return html`<form
      part="panel"
      aria-labelledby="title"
      aria-describedby="intro"
      novalidate
      @submit=${this.#save}
      @keydown=${this.#onKeydown}
      @pointerdown=${this.#touch}
      @input=${this.#touch}
    >
      <h2 id="title">${this.number ? m.wrapUpTitleTo(`\u2068${this.number}\u2069`) : m.wrapUpTitle}</h2>
      <p id="intro" class="muted">${this.timeout > 0 && !this.#touched ? m.wrapUpClosesIn(this._remaining) : m.wrapUpIntro}</p>
      <fieldset part="dispositions" aria-describedby=${this._problem ? 'problem' : nothing}>
        <legend>${m.disposition}</legend>
        ${choices.map(
          (choice) =>
            html`<label class="choice"
              ><input
                type="radio"
                name="disposition"
                .value=${choice}
                .checked=${choice === this._disposition}
                @change=${() => {
                  this._disposition = choice;
                  this._problem = false;
                }}
              />${choice}</label
            >`
        )}
      </fieldset>
      ${this._problem ? html`<p id="problem" class="problem" role="alert">${m.chooseDisposition}</p>` : nothing}
      <label for="notes">${m.wrapUpNotes}</label>
      <textarea
        id="notes"
        part="notes"
        maxlength=${WRAP_UP_NOTES_MAX}
        aria-describedby="count"
        .value=${this._notes}
        @input=${(event: Event) => (this._notes = (event.target as HTMLTextAreaElement).value)}
      ></textarea>
      <div class="row">
        <span id="count" class="muted">${m.charactersLeft(left, WRAP_UP_NOTES_MAX)}</span>
        <span class="row">
          <button part="skip" type="button" @click=${() => this.#dismiss('skip')}>${m.skip}</button>
          <button part="save" class="save" type="submit">${m.save}</button>
        </span>
      </div>
    </form>`;
    }
  };
}

/**
 * The element as its users see it. Its class is built from the page's Lit (see `LitKit`), so this named shape
 * stands for it: the package's declarations cannot name a class expression that has Lit's protected members.
 */
export interface SwWrapUp extends LocalizedElementClass {
  number: string;
  dispositions: string[];
  timeout: number;
  saved: boolean;
  focusOnOpen: boolean;
  /** What the agent has chosen and written so far. */
  readonly value: WrapUpValue;
}
