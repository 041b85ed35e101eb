// Another tab's call, shown in this tab's widget (docs/adr/0125). Loaded with import() the first time a call
// is heard from another tab, so neither the initial load nor this tab's own calls carry it. The widget
// renders the mirrored call in its own status, timer, contact card and controls, under a notice that it is
// another tab's; End, Mute, Hold and the keypad are sent to the owner, whose machine applies them. Nothing
// here places, connects or logs anything: the widget fires no sw-call-* events for a mirrored call.
import type { EndReason } from '@sw-dialer/shared-types';
import type { RenderedView } from '../controller/dialer-controller.js';
import type { DialerEngine } from '../controller/dialer-engine.js';
import type { CallAction } from '../elements/sw-call-controls/sw-call-controls.js';
import type { ContactView } from '../elements/sw-contact-card/sw-contact-card.js';
import enTabs from '../i18n/en-tabs.js';
import type { Messages } from '../i18n/en.js';
import type { DialerCommand } from '../machine/types.js';
import type { SharedCall, TabMessage, say } from './tab-channel.js';

/** How long a mirrored call that ended stays on screen (the owner's own widget keeps it until the next call). */
export const ENDED_SHOWN_MS = 10_000;
/** Wait before sending the call-log writes a closing owner left queued (its last writes reach storage first). */
export const HANDOVER_MS = 1_000;
/** The lock the tabs' outboxes flush under (call-log-outbox.ts): one tab at a time finishes a departed owner's log. */
const OUTBOX_LOCK = 'sw-dialer:call-log-outbox';

export interface MirrorHost {
  requestUpdate(): void;
}

/**
 * What the mirror uses of the rest of the widget, given rather than imported: a module this chunk and the
 * initial load both imported would be split off into a chunk of its own, a request and bytes more at load.
 */
export interface MirrorParts {
  /** This tab's call engine (loaded only when an owner went away: no SignalWire connection). */
  engine: () => Promise<Pick<DialerEngine, 'outbox' | 'api' | 'ownership'>>;
  say: typeof say;
  isOpen: (state: string) => boolean;
  ownerTimeoutMs: number;
}

/** What the widget renders for the mirrored call. */
export interface Mirrored {
  view: RenderedView;
  contact: ContactView | null;
  notice: string;
}

export class CallMirror {
  #call: SharedCall | null = null;
  #owner = '';
  #endedAt = 0;
  #silence: ReturnType<typeof setTimeout> | undefined;
  #hide: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: MirrorHost,
    private readonly parts: MirrorParts
  ) {}

  /**
   * The owner went away: the writes it left queued (its pagehide queued the close and stopped its outboxes: call-log-outbox.ts `leavePage`) go out
   * from here, once, through the outbox the tabs share; a call still open in the log after that (an owner
   * killed before it could queue anything) is closed `failed/abandoned`, checked and written under the
   * outboxes' lock so that two tabs never both close it, and never while a tab still answers for the call.
   */
  #handover(call: SharedCall): void {
    const { callId, endedAt } = call;
    setTimeout(() => {
      void this.parts
        .engine()
        .then(async (engine) => {
          await engine.outbox.flush();
          // A tab that still carries the call (an owner only slow to beat: a loaded machine) answers for it.
          if (!callId || (await engine.ownership.isLive(callId))) return;
          const close = async () => {
            const row = await engine.api.getCall(callId);
            if (row.status === 'ended' || row.status === 'failed') return;
            await engine.api.patchCall(callId, { status: 'failed', endReason: 'abandoned', endedAt: new Date(endedAt ?? Date.now()).toISOString() });
          };
          const locks = globalThis.navigator?.locks;
          await (locks ? locks.request(OUTBOX_LOCK, close) : close());
        })
        // Offline or signed out: the next dial's conflict closes it as abandoned (call-log-outbox.ts).
        .catch(() => undefined);
    }, HANDOVER_MS);
  }

  /** A message from another tab. */
  heard(message: TabMessage | undefined): void {
    if (message?.t !== 'call') return;
    const { call, from, gone } = message;
    clearTimeout(this.#silence);
    this.#owner = from;
    if (this.parts.isOpen(call.state) && !gone) {
      this.#call = call;
      // No heartbeat for this long: the owner crashed or was killed without a word.
      this.#silence = setTimeout(() => this.#over('abandoned'), this.parts.ownerTimeoutMs);
      clearTimeout(this.#hide);
      this.#endedAt = 0;
    } else if (gone) {
      this.#call = call;
      this.#over('local-hangup');
      this.#handover(call);
    } else {
      this.#call = call;
      this.#ended();
    }
    this.host.requestUpdate();
  }

  /** The owner went away with the call up: shown ended here, with the reason its own widget would give. */
  #over(endReason: EndReason): void {
    const call = this.#call;
    if (!call) return;
    if (this.parts.isOpen(call.state)) {
      const endedAt = Date.now();
      this.#call = {
        ...call,
        state: 'ended',
        endedAt,
        endReason: call.answeredAt === null ? 'canceled' : endReason,
        muted: false,
        held: false,
        reconnecting: false
      };
      if (endReason === 'abandoned') this.#handover(this.#call);
    }
    this.#ended();
    this.host.requestUpdate();
  }

  #ended(): void {
    if (this.#endedAt) return;
    this.#endedAt = Date.now();
    clearTimeout(this.#hide);
    this.#hide = setTimeout(() => {
      this.#call = null;
      this.host.requestUpdate();
    }, ENDED_SHOWN_MS);
  }

  /** The call to show, or undefined when none is (or no longer). */
  shown(m: Messages): Mirrored | undefined {
    const call = this.#call;
    if (!call) return undefined;
    const closed = !this.parts.isOpen(call.state);
    const words = { ...enTabs, ...m };
    return {
      view: {
        ...call,
        durationMs: closed && call.answeredAt !== null ? Math.max(0, (call.endedAt ?? call.answeredAt) - call.answeredAt) : null,
        displayNumber: call.displayNumber || (call.number ?? '')
      },
      contact: call.name ? { id: '', displayName: call.name, company: call.company || undefined, phoneNumbers: [] } : null,
      notice: closed ? words.callEndedInOtherTab : words.callInOtherTab
    };
  }

  /** A control pressed on the mirrored call: sent to the owner. */
  command(action: CallAction, digits?: string): void {
    if (!this.#call || !this.parts.isOpen(this.#call.state) || action === 'call') return;
    const command: DialerCommand =
      action === 'digits' ? { type: 'SEND_DIGITS', digits: digits ?? '' } : { type: action.toUpperCase() as Uppercase<Exclude<CallAction, 'call' | 'digits'>> };
    this.parts.say({ t: 'do', to: this.#owner, command });
  }

  stop(): void {
    clearTimeout(this.#silence);
    clearTimeout(this.#hide);
  }

  /** The widget's user changed: the call shown was another user's. */
  clear(): void {
    this.stop();
    this.#call = null;
    this.#endedAt = 0;
  }
}

export function createMirror(host: MirrorHost, parts: MirrorParts): CallMirror {
  return new CallMirror(host, parts);
}
