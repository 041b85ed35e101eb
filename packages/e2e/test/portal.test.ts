import t from 'tap';
import { closedCallRow, documentScreenshot, emulatorCalls, endedFarEndCall, waitForCallEnd, widgetEvents } from './e2e-helpers.js';
import { openExamplePage } from './examples-stack.js';

/**
 * The portal example (examples/portal): a third-party page on an origin of its own that loads the widget's
 * bundle with one script tag from the examples origin, themes it with custom properties, and places a call
 * through the API on a third origin (CORS), which logs it under the portal's member.
 */
const { stack, page, pageErrors } = await openExamplePage((close) => t.teardown(close));
const loaded: string[] = [];
page.on('requestfinished', (request) => loaded.push(request.url()));
const apiResponses: Array<{ method: string; path: string; status: number; allowOrigin: string | undefined }> = [];
page.on('response', (response) => {
  const url = new URL(response.url());
  if (url.origin !== new URL(stack.apiUrl).origin) return;
  apiResponses.push({
    method: response.request().method(),
    path: url.pathname,
    status: response.status(),
    allowOrigin: response.headers()['access-control-allow-origin']
  });
});

await page.goto(stack.portalUrl);
await page.waitForFunction(() => document.getElementById('member')?.textContent?.startsWith('Signed in'), null, { timeout: 20_000 });

t.test('the portal is its own origin and embeds the widget with one module script from the widget origin and one element', async (t) => {
  t.not(stack.portalOrigin, stack.examplesOrigin);
  t.equal(new URL(page.url()).origin, stack.portalOrigin);
  const scripts = await page.evaluate(() => Array.from(document.scripts).map((script) => ({ src: script.src, type: script.type })));
  t.same(
    scripts.filter((script) => script.src.startsWith(stack.examplesOrigin) || script.src.includes('sw-dialer')),
    [{ src: `${stack.examplesOrigin}/dist/sw-dialer.js`, type: 'module' }],
    'one script of the widget, from the widget origin'
  );
  t.equal(await page.locator('sw-dialer').count(), 1, 'one element');
  t.ok(await page.evaluate(() => customElements.get('sw-dialer') !== undefined), 'the bundle defined it');
  const attributes = await page.locator('sw-dialer').evaluate((element) => Object.fromEntries(Array.from(element.attributes).map((a) => [a.name, a.value])));
  t.match(
    attributes,
    { 'api-base': new URL(stack.apiUrl).origin, 'token-endpoint': `${new URL(stack.apiUrl).origin}/api/telephony/signalwire/token` },
    'it points at the API on a third origin'
  );
  t.notOk(
    loaded.some((url) => url.startsWith(`${stack.portalOrigin}/dist/`)),
    'nothing of the widget comes from the portal origin'
  );
});

t.test('themed through --sw-* custom properties only, and the theme reaches inside the widget', async (t) => {
  const rules = await page.evaluate(() =>
    Array.from(document.styleSheets).flatMap((sheet) =>
      Array.from(sheet.cssRules)
        .filter((rule): rule is CSSStyleRule => rule instanceof CSSStyleRule && /sw-|::part/.test(rule.selectorText))
        .map((rule) => ({ selector: rule.selectorText, properties: Array.from(rule.style) }))
    )
  );
  t.equal(rules.length, 1, 'one rule styles the widget');
  t.equal(rules[0]?.selector, 'sw-dialer');
  t.ok(
    rules[0]?.properties.length && rules[0].properties.every((property) => property.startsWith('--sw-')),
    `custom properties only (${rules[0]?.properties.join(', ')})`
  );
  const look = await page.evaluate(() => {
    const dialer = document.querySelector('sw-dialer') as HTMLElement;
    const call = dialer.shadowRoot?.querySelector('sw-call-controls')?.shadowRoot?.querySelector('button.call') as HTMLElement;
    const input = dialer.shadowRoot?.querySelector('sw-number-input')?.shadowRoot?.querySelector('input') as HTMLElement;
    return {
      background: getComputedStyle(dialer).backgroundColor,
      radius: getComputedStyle(dialer).borderTopLeftRadius,
      callButton: getComputedStyle(call).backgroundColor,
      font: getComputedStyle(input).fontFamily
    };
  });
  t.equal(look.background, 'rgb(255, 253, 248)', '--sw-color-background');
  t.equal(look.radius, '21px', '--sw-radius (14px, times 1.5 for the outer frame)');
  t.equal(look.callButton, 'rgb(15, 118, 110)', '--sw-color-success on the Call button, inside two shadow roots');
  t.match(look.font, /^Georgia/, '--sw-font-family');
});

t.test('a call from the portal goes through the API across origins and is logged under the portal member', async (t) => {
  const from = (await widgetEvents(page)).length;
  t.equal(await page.locator('sw-dialer input#number').inputValue(), '+1 202 555 0100', 'the page filled the number in');
  await page.locator('sw-dialer button[part="call"]').click();
  await page.waitForFunction(() => (document.querySelector('sw-dialer') as unknown as { state: string }).state === 'connected', null, { timeout: 20_000 });
  t.equal(await page.locator('sw-dialer sw-call-status .state').textContent(), 'Connected');
  await documentScreenshot(page, 'portal.png');
  await page.locator('sw-dialer button[part="end"]').click();
  const { ended, states } = await waitForCallEnd(page, from);
  t.match(ended, { number: '+12025550100', status: 'ended', endReason: 'local-hangup' });
  t.same(states, ['dialing', 'ringing', 'connected', 'ended']);
  const row = await closedCallRow(stack.app, ended.callId as string);
  t.match(row, { user_id: 'portal-member-4711', number: '+12025550100', status: 'ended', end_reason: 'local-hangup' });
  t.equal((await endedFarEndCall(stack.signalwire.url, '+12025550100')).hangupBy, 'caller');
  t.equal((await emulatorCalls(stack.signalwire.url)).filter((call) => call.to === '+12025550100').length, 1, 'the far end saw one call');

  // Every answer of the API reached the page under CORS, addressed to the portal's origin.
  const wrote = (method: string, path: RegExp) =>
    apiResponses.some((response) => response.method === method && path.test(response.path) && response.status < 300);
  t.ok(wrote('POST', /^\/api\/auth\/dev-login$/), 'the portal signed its member in');
  t.ok(wrote('POST', /^\/api\/telephony\/signalwire\/token$/), 'the widget got a token');
  t.ok(wrote('POST', /^\/api\/telephony\/calls$/), 'and created the call log');
  t.ok(wrote('PATCH', new RegExp(`^/api/telephony/calls/${ended.callId}$`)), 'and closed it');
  t.same(
    apiResponses.filter((response) => response.allowOrigin !== stack.portalOrigin),
    [],
    'each answer allowed the portal origin'
  );
  t.ok(
    loaded.some((url) => url.startsWith(`${stack.examplesOrigin}/dist/chunks/`)),
    'the call engine loaded on demand from the widget origin'
  );
  t.same(pageErrors, []);
});

t.test('properties a page sets before the bundle defines <sw-dialer> are kept when it upgrades', async (t) => {
  // The portal page with the widget's bundle held back and the portal's session script replaced: the test
  // sets the session on the plain, not yet upgraded element, then lets the bundle define it.
  const token = stack.app.jwt.sign({ sub: 'early-member', name: 'Early Member' }, { expiresIn: 600 });
  const early = await page.context().newPage();
  t.teardown(() => early.close());
  const errors: string[] = [];
  early.on('pageerror', (error) => errors.push(String(error)));
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await early.route(`${stack.examplesOrigin}/dist/sw-dialer.js`, async (route) => {
    await held;
    await route.continue();
  });
  await early.route(`${stack.portalOrigin}/session.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: '// the test sets the session' }));
  await early.goto(stack.portalUrl, { waitUntil: 'commit' });
  await early.waitForFunction(() => document.querySelector('sw-dialer') !== null, null, { timeout: 20_000 });
  const definedWhenSet = await early.evaluate((bearer) => {
    const dialer = document.querySelector('sw-dialer') as HTMLElement & { getAuthHeaders?: unknown };
    dialer.getAuthHeaders = async () => ({ authorization: `Bearer ${bearer}` });
    return customElements.get('sw-dialer') !== undefined;
  }, token);
  t.equal(definedWhenSet, false, 'set before the element was defined');
  release();
  await early.waitForFunction(() => customElements.get('sw-dialer') !== undefined, null, { timeout: 20_000 });
  t.same(
    await early.evaluate(() => {
      const dialer = document.querySelector('sw-dialer') as HTMLElement & { getAuthHeaders?: unknown };
      return { kept: typeof dialer.getAuthHeaders, ownProperty: Object.hasOwn(dialer, 'getAuthHeaders') };
    }),
    { kept: 'function', ownProperty: false },
    'kept, and now behind the widget accessor'
  );
  // And used: the call's token request and call log carry the session set early (busy ends at once).
  const ended = await early.evaluate(
    () =>
      new Promise<{ status: string; endReason: string; callId: string | null }>((resolve) => {
        const dialer = document.querySelector('sw-dialer') as HTMLElement & { dial(n: string): Promise<boolean> };
        dialer.addEventListener('sw-call-ended', (event) => resolve((event as CustomEvent).detail), { once: true });
        void dialer.dial('+12025550101');
      })
  );
  t.match(ended, { status: 'failed', endReason: 'busy' }, 'the call reached SignalWire: the token request was signed in');
  const row = await closedCallRow(stack.app, ended.callId as string);
  t.match(row, { user_id: 'early-member', status: 'failed', end_reason: 'busy' }, 'logged under the session set before definition');
  t.same(errors, []);
});
