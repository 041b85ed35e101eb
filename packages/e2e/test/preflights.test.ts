import t from 'tap';
import { launchChromium } from './browser.js';
import { sleep, WidgetAgent } from './reliability/widget-agent.js';
import { startStack } from './start-stack.js';

/**
 * Issue 22, "preflights paid once": one call placed from a page on another origin (the examples server, as a CRM
 * embeds the widget), in Chromium with the real SDK, counted at the API from its own "request completed" lines.
 * A browser caches a preflight per URL (for `Access-Control-Max-Age`, ADR 75), so each route may cost one
 * preflight in a page session and no more: the call's three PATCHes share one, the history's refresh reuses its
 * first page's. The test prints every request the call made, which bench/RESULTS.md lists.
 */
const lines: string[] = [];
const stack = await startStack({ apiLog: (line) => lines.push(line) });
t.teardown(() => stack.stop());
const browser = await launchChromium();
t.teardown(() => browser.close());

interface Completed {
  method: string;
  url: string;
  statusCode: number;
}
const completed = (from: number): Completed[] =>
  lines
    .slice(from)
    .map((line) => JSON.parse(line) as { msg?: string } & Completed)
    .filter((entry) => entry.msg === 'request completed' && entry.url.startsWith('/api/'));
/** The route a URL belongs to: ids become `:id`, the query goes (the browser's preflight cache is per URL, a route's URLs share its answer). */
const routeOf = (url: string) => url.split('?')[0]!.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id');

t.test('one cross-origin call: at most one preflight per route, every request listed', async (t) => {
  const from = lines.length;
  const agent = await WidgetAgent.open(browser, stack, 'preflight-agent');
  t.teardown(() => agent.close());
  t.not(new URL(stack.pageUrl).origin, new URL(stack.apiUrl).origin, 'the page and the API are on different origins');
  // A person's first step: the number field gets focus (the widget's `prepare`: token and chunks ahead).
  await agent.page.locator('#dialer').locator('input').first().focus();
  const start = await agent.dial('+12025550100');
  await agent.waitForState('connected', 20_000);
  await sleep(500);
  await agent.hangup();
  t.match(await agent.waitForEnd(start), { status: 'ended', endReason: 'local-hangup' });
  await agent.waitForWritesDelivered('the call log writes');
  // The history list refreshes once the call is logged.
  await sleep(1_500);

  const requests = completed(from);
  const byRoute = new Map<string, { preflights: number; requests: string[] }>();
  for (const { method, url } of requests) {
    const route = routeOf(url);
    const entry = byRoute.get(route) ?? { preflights: 0, requests: [] };
    if (method === 'OPTIONS') entry.preflights++;
    else entry.requests.push(method);
    byRoute.set(route, entry);
  }
  const table = [...byRoute].map(([route, { preflights, requests }]) => `${route}: ${requests.join(', ') || '-'}; preflights ${preflights}`);
  t.comment(
    `requests of one call from another origin (${requests.filter((r) => r.method !== 'OPTIONS').length} requests, ${requests.filter((r) => r.method === 'OPTIONS').length} preflights):\n${table.join('\n')}`
  );
  t.ok((byRoute.get('/api/telephony/calls/:id')?.requests.filter((m) => m === 'PATCH').length ?? 0) >= 3, 'the call was logged through its PATCHes');
  t.ok(
    [...byRoute.values()].some((entry) => entry.preflights > 0),
    'cross-origin requests were preflighted (the count means something)'
  );
  for (const [route, { preflights }] of byRoute) t.ok(preflights <= 1, `${route}: ${preflights} preflight(s)`);
  t.same(
    requests.filter((r) => routeOf(r.url) === '/api/telephony/calls').map((r) => r.method),
    ['OPTIONS', 'HEAD', 'POST'],
    "the create's preflight is paid by the HEAD sent at focus, not on the call's path (ADR 139)"
  );
  t.same(agent.pageErrors, []);
});
