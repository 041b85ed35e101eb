import type { launchChromium } from '@sw-dialer/test-support/launch-chromium';
import { emulatorCalls, waitUntil } from '../e2e-helpers.js';
import type { startStack } from '../start-stack.js';

// Types derived from what the tests import (playwright-core is not this package's own dependency).
type Browser = Awaited<ReturnType<typeof launchChromium>>;
type BrowserContext = Awaited<ReturnType<Browser['newContext']>>;
export type Page = Awaited<ReturnType<Browser['newPage']>>;
export type Stack = Awaited<ReturnType<typeof startStack>>;

export interface WidgetEvent {
  type: 'state' | 'ended' | 'error';
  /** When the page saw it (Date.now() in the page), for timing the phases of a call. */
  at?: number;
  state?: string;
  callId?: string | null;
  number?: string | null;
  status?: string;
  endReason?: string;
  durationMs?: number;
  code?: string;
  message?: string;
}

export type Ended = Required<Pick<WidgetEvent, 'status' | 'endReason' | 'durationMs'>> & { callId: string | null; number: string; states: string[] };

export { waitUntil };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the SignalWire emulator's far end recorded of every call. */
export const farEndCalls = (stack: Stack): Promise<Array<Record<string, any>>> => emulatorCalls(stack.signalwire.url);

/** Every call_logs row of these users, oldest first (read through the running API's database handle). */
export async function callRows(stack: Stack, userIds: string[]): Promise<Array<Record<string, any>>> {
  return stack.app.db.selectFrom('call_logs').selectAll().where('user_id', 'in', userIds).orderBy('started_at').execute() as Promise<
    Array<Record<string, any>>
  >;
}

/**
 * One agent: the standalone demo page signed in as `userId`, with the widget's events recorded from page
 * load. By default in a browser context of its own (its own storage, so its own call-log outbox); with
 * `context` (from `WidgetAgent.context()`), a page in a context several agents share, as several people's
 * tabs in one browser profile: each user's outbox is kept apart there (docs/adr/0026).
 */
export class WidgetAgent {
  readonly pageErrors: string[] = [];
  /** The page's console warnings and errors (the SDK reports its troubles there), for diagnostics. */
  readonly console: string[] = [];
  private constructor(
    readonly userId: string,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly ownsContext: boolean
  ) {
    page.on('pageerror', (error) => this.pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error')
        this.console.push(`${new Date().toISOString()} ${message.type()}: ${message.text().slice(0, 300)}`);
    });
  }

  /** A browser context whose pages record the widget's events into `window.__swEvents`. */
  static async context(browser: Browser): Promise<BrowserContext> {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      const events: unknown[] = [];
      (window as unknown as { __swEvents: unknown[] }).__swEvents = events;
      document.addEventListener('sw-call-state-change', (event) => events.push({ type: 'state', at: Date.now(), ...(event as CustomEvent).detail }));
      document.addEventListener('sw-call-ended', (event) => events.push({ type: 'ended', at: Date.now(), ...(event as CustomEvent).detail }));
      document.addEventListener('sw-call-error', (event) => events.push({ type: 'error', at: Date.now(), ...(event as CustomEvent).detail }));
    });
    return context;
  }

  static async open(browser: Browser, stack: Stack, userId: string, options: { context?: BrowserContext } = {}): Promise<WidgetAgent> {
    const context = options.context ?? (await WidgetAgent.context(browser));
    const page = await context.newPage();
    const agent = new WidgetAgent(userId, context, page, !options.context);
    await page.goto(stack.pageUrl);
    await page.waitForFunction(() => document.getElementById('session')?.textContent?.includes('Signed in'), null, { timeout: 20_000 });
    // The demo's own first history page is answered before the token below replaces the demo's: two requests to
    // one route at once each pay a CORS preflight (the browser caches one only once it is answered), which
    // preflights.test.ts would count against the widget.
    await page.waitForFunction(
      () => !document.getElementById('history') || performance.getEntriesByType('resource').some((entry) => entry.name.includes('/api/telephony/history')),
      null,
      { timeout: 20_000 }
    );
    // The demo signs in as one demo agent; each simulated agent is a user of its own (one open call per
    // user), with a token signed as the host application would sign it (the demo login allows only 30
    // sign-ins a minute per address, fewer than a test with many agents needs).
    const token = stack.app.jwt.sign({ sub: userId, name: userId }, { expiresIn: 3600 });
    await page.evaluate((value) => {
      for (const id of ['dialer', 'history']) (document.getElementById(id) as HTMLElement & { authToken: string }).authToken = value;
    }, token);
    return agent;
  }

  events(): Promise<WidgetEvent[]> {
    return this.page.evaluate(() => (window as unknown as { __swEvents: WidgetEvent[] }).__swEvents);
  }

  /** Starts a call through the widget's public `dial()`; resolves with the event index it started at. */
  async dial(number: string): Promise<number> {
    const from = (await this.events()).length;
    const started = await this.page.evaluate((n) => (document.getElementById('dialer') as HTMLElement & { dial(n: string): Promise<boolean> }).dial(n), number);
    if (!started) throw new Error(`the widget refused to dial ${number}`);
    return from;
  }

  state(): Promise<string> {
    return this.page.evaluate(() => (document.getElementById('dialer') as HTMLElement & { state: string }).state);
  }

  async hangup(): Promise<void> {
    await this.page.evaluate(() => (document.getElementById('dialer') as HTMLElement & { hangup(): void }).hangup());
  }

  async sendDigits(digits: string): Promise<void> {
    await this.page.evaluate((d) => (document.getElementById('dialer') as HTMLElement & { sendDigits(d: string): void }).sendDigits(d), digits);
  }

  /** Waits inside the page (a check every 200 ms, no round trip per check: cheap with many pages). */
  async waitForState(state: string, timeoutMs = 15_000): Promise<void> {
    try {
      await this.page.waitForFunction((wanted) => (document.getElementById('dialer') as HTMLElement & { state: string }).state === wanted, state, {
        timeout: timeoutMs,
        polling: 200
      });
    } catch (error) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${this.userId} to be ${state} (it is ${await this.state()})`, { cause: error });
    }
  }

  /** The first `sw-call-ended` at or after event index `from`, with the distinct states seen before it. */
  async waitForEnd(from: number, timeoutMs = 20_000): Promise<Ended> {
    await this.page.waitForFunction(
      (start) => (window as unknown as { __swEvents: WidgetEvent[] }).__swEvents.slice(start).some((e) => e.type === 'ended'),
      from,
      { timeout: timeoutMs, polling: 200 }
    );
    const events = (await this.events()).slice(from);
    const at = events.findIndex((e) => e.type === 'ended');
    const ended = events[at] as WidgetEvent;
    const states = events
      .slice(0, at)
      .filter((e) => e.type === 'state')
      .map((e) => e.state as string)
      .filter((s, i, all) => s !== all[i - 1]);
    return {
      callId: ended.callId ?? null,
      number: ended.number ?? '',
      status: ended.status ?? '',
      endReason: ended.endReason ?? '',
      durationMs: ended.durationMs ?? -1,
      states
    };
  }

  /** Call-log writes waiting in the outboxes (localStorage) of this agent's context, summed over their keys. */
  pendingWrites(): Promise<number> {
    return this.page.evaluate(() => {
      let pending = 0;
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i) ?? '';
        if (!key.startsWith('sw-dialer:call-log-outbox')) continue;
        const state = JSON.parse(localStorage.getItem(key) ?? '{}') as { entries?: unknown[] };
        pending += state.entries?.length ?? 0;
      }
      return pending;
    });
  }

  /** Waits until every queued call-log write is delivered; on time-out, says what is still queued. */
  async waitForWritesDelivered(what: string, timeoutMs = 10_000): Promise<void> {
    try {
      await waitUntil(async () => (await this.pendingWrites()) === 0, what, timeoutMs);
    } catch (error) {
      const queued = await this.page.evaluate(() =>
        Object.keys(localStorage)
          .filter((key) => key.startsWith('sw-dialer:call-log-outbox'))
          .map((key) => `${key} = ${localStorage.getItem(key)}`)
      );
      throw new Error(`${(error as Error).message}; still queued: ${queued.join(' ; ')}; console: ${this.console.slice(-5).join(' | ')}`, { cause: error });
    }
  }

  /** Text the widget shows in its status line (inside its shadow roots). */
  statusText(): Promise<string> {
    return this.page.evaluate(() => {
      const dialer = document.getElementById('dialer') as HTMLElement;
      const status = dialer.shadowRoot?.querySelector('sw-call-status') as HTMLElement | null;
      return (status?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
    });
  }

  /** Closes the agent's context, or only its page when it shares the context. */
  close(): Promise<void> {
    return this.ownsContext ? this.context.close() : this.page.close();
  }
}
