import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { buildApp } from '@sw-dialer/api';
import type { launchChromium } from '@sw-dialer/test-support/launch-chromium';

// Types derived from what the tests already import (playwright-core and fastify are not this package's own dependencies).
type Browser = Awaited<ReturnType<typeof launchChromium>>;
export type BrowserContext = Awaited<ReturnType<Browser['newContext']>>;
export type Page = Awaited<ReturnType<Browser['newPage']>>;
type App = Awaited<ReturnType<typeof buildApp>>;

/** Polls `check` every 100 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the SignalWire emulator's far end recorded of every call (its control API). */
export async function emulatorCalls(signalwireUrl: string): Promise<Array<Record<string, any>>> {
  return (await (await fetch(`${signalwireUrl}/__emulator/calls`)).json()) as Array<Record<string, any>>;
}

/**
 * The far end's record of the latest call to `number` once it has ended. The widget reports a hangup as
 * its SDK sends the bye, which reaches the emulator a moment later: reading at once could see a live call.
 */
export async function endedFarEndCall(signalwireUrl: string, number: string, timeoutMs = 10_000): Promise<Record<string, any>> {
  let call: Record<string, any> | undefined;
  await waitUntil(
    async () => {
      call = (await emulatorCalls(signalwireUrl)).filter((c) => c.to === number).pop();
      return call?.state === 'ended';
    },
    `the far end's call to ${number} to end`,
    timeoutMs
  );
  return call as Record<string, any>;
}

/** The call_logs row of `callId` once it is closed (ended or failed). */
export async function closedCallRow(app: App, callId: string): Promise<Record<string, any>> {
  let row: Record<string, any> | undefined;
  await waitUntil(async () => {
    row = await app.db.selectFrom('call_logs').selectAll().where('id', '=', callId).executeTakeFirst();
    return row?.status === 'ended' || row?.status === 'failed';
  }, `the call log of ${callId} to close`);
  return row as Record<string, any>;
}

export interface RecordedEvent {
  type: 'state' | 'ended';
  state?: string;
  previousState?: string;
  status?: string;
  endReason?: string | null;
  callId: string | null;
  number: string | null;
  durationMs?: number | null;
}

/**
 * Records every `sw-call-state-change` and `sw-call-ended` of the page (they bubble and are composed, so
 * the document hears them wherever the widget sits) into `window.__swEvents`, from each page load on.
 */
export async function recordWidgetEvents(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const events: unknown[] = [];
    (window as unknown as { __swEvents: unknown[] }).__swEvents = events;
    document.addEventListener('sw-call-state-change', (event) => events.push({ type: 'state', ...(event as CustomEvent).detail }));
    document.addEventListener('sw-call-ended', (event) => events.push({ type: 'ended', ...(event as CustomEvent).detail }));
  });
}

export const widgetEvents = (page: Page): Promise<RecordedEvent[]> => page.evaluate(() => (window as unknown as { __swEvents: RecordedEvent[] }).__swEvents);

/** Waits for the first `sw-call-ended` recorded at or after index `from`; resolves with it and the states seen since `from`. */
export async function waitForCallEnd(page: Page, from: number, timeoutMs = 20_000): Promise<{ ended: RecordedEvent; states: string[] }> {
  await page.waitForFunction(
    (start) => (window as unknown as { __swEvents: Array<{ type: string }> }).__swEvents.slice(start).some((event) => event.type === 'ended'),
    from,
    { timeout: timeoutMs }
  );
  const events = (await widgetEvents(page)).slice(from);
  const at = events.findIndex((event) => event.type === 'ended');
  const states = events
    .slice(0, at)
    .filter((event) => event.type === 'state')
    .map((event) => event.state as string)
    .filter((state, index, all) => state !== all[index - 1]);
  return { ended: events[at] as RecordedEvent, states };
}

const screenshotsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');

/**
 * Screenshots for the user guide: written to docs/screenshots/ only when UPDATE_SCREENSHOTS=1 (so an
 * ordinary test run leaves the working tree alone). The page is in the state the caller asserted just before.
 */
export async function documentScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(screenshotsDir, { recursive: true });
  // The caret blinks and fields may hold focus: neither belongs in a picture.
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: path.join(screenshotsDir, name), animations: 'disabled', caret: 'hide' });
}
