import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findDialAddress } from '../../api/src/providers/signalwire/dial-address.js';
import { SignalWireRestClient } from '../../api/src/providers/signalwire/signalwire-rest-client.js';
import { UpstreamError } from '../../api/src/providers/upstream-error.js';
import { signDialTicket } from '../../api/src/security/dial-ticket.js';
import type { SmokeDial, SmokeResult } from './smoke-page.js';

export interface SmokeOptions {
  spaceUrl: string;
  projectId: string;
  apiToken: string;
  /** The Fabric address the widget dials in address mode. */
  address: string;
  /** SIGNALWIRE_POLICY_SECRET: the smoke test signs its own dial ticket, as the API would. */
  policySecret: string;
  /** The number to call (E.164). */
  to: string;
  /** Only with an emulator: its relay WebSocket URL. */
  relayHost?: string | undefined;
  /** How long to wait for an answer or a clear failure. */
  answerTimeoutMs?: number | undefined;
  /** How long an answered call stays up before the smoke test hangs up. */
  holdMs?: number | undefined;
  chromiumPath?: string | undefined;
}

export interface SmokeReport {
  ok: boolean;
  steps: Array<{ step: string; ok: boolean; ms: number; detail: string }>;
  result?: SmokeResult | undefined;
}

const PAGE = fileURLToPath(new URL('./smoke-page.ts', import.meta.url));
/** What a failure's cause most likely means on this path, for the operator reading the output. */
const HINTS: Record<string, string> = {
  CALL_REJECTED:
    'the address script declined: its policy request failed or was refused; see the API log lines with action "dial-policy" (secret, SIGNALWIRE_POLICY_URL, the destination policy)',
  OUTGOING_CALL_BARRED: 'the space refused the destination for this token',
  UNALLOCATED_NUMBER: 'no such number, or no resource at the address'
};

/** The user the smoke test's calls are logged under, should the policy refuse one. */
export const SMOKE_USER = 'sw-dialer-smoke-test';

/**
 * `pnpm smoke:signalwire`: the path a real first call takes in address mode, one step at a time, each
 * printed with its timing: credentials, the resource and its address, a guest token that reaches only that
 * address, then one call from headless Chromium with a fake microphone through the bare SDK, answered (and
 * hung up) or failed with the cause SignalWire gave. The same code runs against the emulator in CI.
 */
export async function runSmoke(options: SmokeOptions, print: (line: string) => void): Promise<SmokeReport> {
  const report: SmokeReport = { ok: false, steps: [] };
  const step = async <T>(name: string, action: () => Promise<{ value: T; detail: string }>): Promise<T | undefined> => {
    const started = performance.now();
    try {
      const { value, detail } = await action();
      const ms = Math.round(performance.now() - started);
      report.steps.push({ step: name, ok: true, ms, detail });
      print(`ok    ${name.padEnd(12)} ${String(ms).padStart(6)} ms  ${detail}`);
      return value;
    } catch (error) {
      const ms = Math.round(performance.now() - started);
      const detail = error instanceof Error ? error.message : String(error);
      report.steps.push({ step: name, ok: false, ms, detail });
      print(`FAIL  ${name.padEnd(12)} ${String(ms).padStart(6)} ms  ${detail}`);
      return undefined;
    }
  };
  const client = new SignalWireRestClient({ spaceUrl: options.spaceUrl, projectId: options.projectId, apiToken: options.apiToken, timeoutMs: 10_000 });
  const explain = (error: unknown) => {
    if (!(error instanceof UpstreamError)) return error;
    if (error.kind === 'unauthorized') return new Error('SignalWire refused SIGNALWIRE_PROJECT_ID / SIGNALWIRE_API_TOKEN');
    if (error.kind === 'network' || error.kind === 'timeout') return new Error(`cannot reach SIGNALWIRE_SPACE_URL (${error.kind})`);
    return error;
  };

  const scripts = await step('credentials', async () => {
    const list = await client.listSwmlScripts().catch((error: unknown) => Promise.reject(explain(error)));
    return { value: list, detail: `${options.spaceUrl} accepted the project's credentials` };
  });
  if (!scripts) return report;
  const addressId = await step('resource', async () => {
    const found = await findDialAddress(client, options.address);
    if (!found.addressId)
      throw new Error(found.resource ? `the resource has no address ${options.address}` : `no SWML resource for ${options.address}: run pnpm signalwire:setup`);
    return { value: found.addressId, detail: `${options.address} is address ${found.addressId}` };
  });
  if (!addressId) return report;
  const expiresAt = new Date(Date.now() + 300_000);
  const token = await step('token', async () => ({
    value: await client.createGuestToken([addressId], expiresAt),
    detail: `guest token for that address only, until ${expiresAt.toISOString()}`
  }));
  if (!token) return report;

  let opened: SmokePage | undefined;
  try {
    const page = await step('browser', async () => {
      opened = await openSmokePage(options.chromiumPath);
      return { value: opened.page, detail: `headless Chromium ${opened.version} with a fake microphone` };
    });
    if (!page) return report;
    const clientSessionId = randomUUID();
    const ticket = signDialTicket(options.policySecret, { userId: SMOKE_USER, exp: Math.floor(expiresAt.getTime() / 1000) });
    const dial: SmokeDial = {
      token,
      host: options.relayHost,
      to: options.address,
      userVariables: { to: options.to, clientSessionId, ticket },
      timeoutMs: options.answerTimeoutMs ?? 45_000
    };
    const result = await step('call', async () => {
      const outcome = await dialFromPage(page, dial);
      report.result = outcome;
      const timeline = Object.entries(outcome.states)
        .map(([state, ms]) => `${state}@${ms}ms`)
        .join(' ');
      if (outcome.outcome !== 'answered') {
        throw new Error(
          `${outcome.outcome === 'timeout' ? 'no answer or failure in time' : 'the call failed'}: cause ${outcome.cause ?? 'none'} (${outcome.causeCode ?? '-'})${outcome.error ? `, ${outcome.error}` : ''}; ${timeline}${outcome.cause && HINTS[outcome.cause] ? `. Likely: ${HINTS[outcome.cause]}` : ''}`
        );
      }
      return { value: outcome, detail: `answered; ${timeline}` };
    });
    if (!result) {
      await hangupFromPage(page).catch(() => undefined);
      return report;
    }
    const hungUp = await step('hangup', async () => {
      await new Promise((resolve) => setTimeout(resolve, options.holdMs ?? 2000));
      await hangupFromPage(page);
      return { value: true, detail: `hung up after ${options.holdMs ?? 2000} ms connected` };
    });
    report.ok = hungUp === true;
    return report;
  } finally {
    await opened?.close();
  }
}

export interface SmokePage {
  page: Page;
  version: string;
  close(): Promise<void>;
}

/** The bare-SDK page (smoke-page.ts), bundled, served on loopback and opened in headless Chromium. */
export async function openSmokePage(chromiumPath?: string): Promise<SmokePage> {
  const bundle = await build({ entryPoints: [PAGE], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  const script = bundle.outputFiles[0]?.text ?? '';
  const server: Server = createServer((request, response) => {
    if (request.url === '/smoke.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/smoke.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--headless=new',
        '--disable-gpu',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        '--disable-background-networking',
        '--no-first-run',
        '--autoplay-policy=no-user-gesture-required'
      ]
    });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 15_000 });
    return { page, version: browser.version(), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** One call from the smoke page; resolves when it was answered, failed, or timed out. */
export function dialFromPage(page: Page, dial: SmokeDial): Promise<SmokeResult> {
  return page.evaluate((input) => (window as unknown as { smoke: { dial(d: SmokeDial): Promise<SmokeResult> } }).smoke.dial(input), dial);
}

export function hangupFromPage(page: Page): Promise<void> {
  return page.evaluate(() => (window as unknown as { smoke: { hangup(): Promise<void> } }).smoke.hangup());
}
