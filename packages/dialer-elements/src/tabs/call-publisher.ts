// The owner's side of the shared call (docs/adr/0125): says the call on the tabs' channel when it changes
// and every heartbeat while it is up, answers a new tab's question, and hands the other tabs' End, Mute and
// Hold to `apply` (the controller's `send`: the machine is the one door, and ignores what does not apply in
// its state, e.g. Hold while ringing). On the call's way, so small.
import { isOpen } from '../call-state.js';
import type { DialerCommand } from '../machine/types.js';
import { HEARTBEAT_MS, TAB_ID, listen, say, type SharedCall, type TabMessage } from './tab-channel.js';

/** What another tab may ask of this one's call. */
const COMMANDS = new Set(['HANGUP', 'MUTE', 'UNMUTE', 'HOLD', 'RESUME', 'SEND_DIGITS']);

export interface CallPublisher {
  /** The call as this widget shows it now (null while idle), and whose it is; said when it changed. */
  update(call: SharedCall | null, user: string): void;
  stop(): void;
}

/** `leave`: the page is closing with the call up; its call-log writes stay queued for another tab to send. */
export function publishCall(apply: (command: DialerCommand) => void, leave: () => void): CallPublisher {
  let call: SharedCall | null = null;
  let user = '';
  let said = '';
  let beat: ReturnType<typeof setInterval> | undefined;
  const up = () => !!call && isOpen(call.state);
  const tell = (gone?: boolean) => call && say({ t: 'call', user, call, ...(gone ? { gone } : {}) });
  const unlisten = listen((message: TabMessage) => {
    if (!up()) return;
    if (message?.t === 'ask') tell();
    else if (message?.t === 'do' && message.to === TAB_ID && COMMANDS.has(message.command?.type)) apply(message.command);
  });
  // The tab is closing with the call up: the call is hung up (its closing write queued for another tab to
  // send) and the other tabs hear at once that the owner is gone.
  const closing = () => {
    if (!up()) return;
    leave();
    apply({ type: 'HANGUP' });
    tell(true);
  };
  const quiet = () => {
    clearInterval(beat);
    beat = undefined;
    removeEventListener('pagehide', closing);
  };
  return {
    update(next, whose) {
      const text = JSON.stringify([next, whose]);
      if (text === said) return;
      const was = up();
      said = text;
      call = next;
      user = whose;
      if (up()) {
        if (!beat) {
          beat = setInterval(tell, HEARTBEAT_MS);
          addEventListener('pagehide', closing);
        }
        tell();
      } else if (was) {
        // The end, said once; a widget back to idle says nothing.
        tell();
        quiet();
      }
    },
    stop() {
      quiet();
      unlisten();
    }
  };
}
