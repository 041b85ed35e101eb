import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium } from './browser.js';
import { startExamplesServer } from '../../../examples/serve.mjs';
import { recordWidgetEvents } from './e2e-helpers.js';
import { startStack } from './start-stack.js';

const origin = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

/**
 * The stack of start-stack.ts, with the example sites laid out as `pnpm start` serves them: the examples
 * site (the CRM, the standalone page, the widget's bundle) on one origin and the third-party portal on a
 * second, both allowed by the API's CORS. The pages find the API as the demo's do: examples/serve.mjs
 * writes its origin into them (start-stack's own examples server passes it as `?api=` to the standalone page).
 */
export async function startExamplesStack() {
  // Filled in below: the pages' origins are known once these listen, the API's once it does.
  const origins: { api?: string; widget?: string; portal?: string } = {};
  const examples = (await startExamplesServer({ port: 0, origins })) as Server;
  const portal = (await startExamplesServer({ port: 0, site: 'portal', origins })) as Server;
  const examplesOrigin = origin(examples);
  const portalOrigin = origin(portal);
  origins.widget = examplesOrigin;
  origins.portal = portalOrigin;
  const stack = await startStack({ api: (config) => ({ ...config, corsOrigins: [...config.corsOrigins, examplesOrigin, portalOrigin] }) });
  origins.api = new URL(stack.apiUrl).origin;
  return {
    get app() {
      return stack.app;
    },
    apiUrl: stack.apiUrl,
    signalwire: stack.signalwire,
    /** Where the CRM, the standalone page and the widget's bundle are served. */
    examplesOrigin,
    /** The third-party portal's own origin. */
    portalOrigin,
    crmUrl: `${examplesOrigin}/crm/`,
    portalUrl: `${portalOrigin}/`,
    async stop() {
      await stack.stop();
      await close(examples);
      await close(portal);
    }
  };
}

/**
 * What a test of an example page starts with: the examples stack, Debian's Chromium, one desktop-sized page
 * whose widget events are recorded, and the page's uncaught errors collected. `teardown` is the test's
 * (tap's `t.teardown`), which closes all of it.
 */
export async function openExamplePage(teardown: (close: () => Promise<unknown>) => void) {
  const stack = await startExamplesStack();
  teardown(() => stack.stop());
  const browser = await launchChromium();
  teardown(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await recordWidgetEvents(context);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  return { stack, context, page, pageErrors };
}
