/**
 * The smoke test's page: the bare `@signalwire/js` SDK, no widget, so what it proves is the space, the
 * resource, the token and the policy, and nothing of ours in the browser. Driven through `window.smoke`.
 */
import { SignalWire } from '@signalwire/js';

type Client = Awaited<ReturnType<typeof SignalWire>>;
type Call = Awaited<ReturnType<Client['dial']>>;

export interface SmokeDial {
  token: string;
  /** Only for an emulator, whose tokens carry no relay host; a real token's `ch` claim wins anyway. */
  host?: string | undefined;
  to: string;
  userVariables: Record<string, string>;
  timeoutMs: number;
}

export interface SmokeResult {
  outcome: 'answered' | 'failed' | 'timeout';
  cause: string | null;
  causeCode: string | null;
  error: string | null;
  /** Milliseconds after dial() when each SDK state was first seen. */
  states: Record<string, number>;
}

let client: Client | null = null;
let call: Call | null = null;

const smoke = {
  async dial(options: SmokeDial): Promise<SmokeResult> {
    client = await SignalWire({ token: options.token, ...(options.host ? { host: options.host } : {}), logLevel: 'warn' } as Parameters<typeof SignalWire>[0]);
    const started = performance.now();
    const states: Record<string, number> = {};
    call = await client.dial({ to: options.to, audio: true, video: false, userVariables: options.userVariables });
    const current = call;
    for (const state of ['trying', 'early', 'active', 'hangup', 'destroy'] as const) {
      current.on(state as never, () => void (states[state] ??= Math.round(performance.now() - started)));
    }
    const ended = new Promise<'failed'>((resolve) => current.once('destroy' as never, () => resolve('failed')));
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), options.timeoutMs));
    let error: string | null = null;
    // start() resolves once the far end answers and never settles if it refuses: race it (SIGNALWIRE-PROTOCOL.md).
    const answered = current.start().then(
      () => 'answered' as const,
      (reason: unknown) => {
        error = reason instanceof Error ? reason.message : String(reason);
        return 'failed' as const;
      }
    );
    const outcome = await Promise.race([answered, ended, timeout]);
    const details = current as unknown as { cause?: string; causeCode?: string | number };
    return { outcome, cause: details.cause ?? null, causeCode: details.causeCode === undefined ? null : String(details.causeCode), error, states };
  },

  async hangup(): Promise<void> {
    await call?.hangup().catch(() => undefined);
    await client?.disconnect().catch(() => undefined);
  }
};

(window as unknown as { smoke: typeof smoke }).smoke = smoke;
document.title = 'ready';
