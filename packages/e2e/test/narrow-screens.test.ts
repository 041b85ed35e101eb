import t from 'tap';
import { documentScreenshot, waitUntil } from './e2e-helpers.js';
import { openExamplePage } from './examples-stack.js';

/**
 * The CRM example (examples/crm) on a phone-width screen (320 px), in a 640 px window at 200 % zoom
 * (the same 320 CSS px, drawn twice as large) and on a desktop: the page never scrolls sideways, the
 * widget fits its column in every state of a call, and the Buyers page keeps the call in the dock.
 * Screenshots at 360 px and 1280 px for docs/screenshots/ (UPDATE_SCREENSHOTS=1).
 */
const { stack, page, pageErrors } = await openExamplePage((close) => t.teardown(close));
const crm = (route: string) => new URL(route, stack.crmUrl).href;
const waitForRoute = (route: string) => page.waitForFunction((r) => document.body.dataset.route === r, route, { timeout: 15_000 });
const waitForState = (state: string) =>
  page.waitForFunction((s) => (document.getElementById('dialer') as unknown as { state: string } | null)?.state === s, state, { timeout: 20_000 });

/** What sticks out sideways: the page's overflow, and each of the widget's boxes wider than its room. */
const overflow = () =>
  page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push(`page ${root.scrollWidth} > ${root.clientWidth}`);
    const walk = (node: ParentNode) => {
      for (const el of Array.from(node.querySelectorAll<HTMLElement>('*'))) {
        if (el.localName === 'style' || el.classList.contains('visually-hidden') || el.closest('.table-wrap')) continue;
        const box = el.getBoundingClientRect();
        if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) found.push(`${el.localName}.${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
        if (box.width > 0 && box.right > root.clientWidth + 1) found.push(`${el.localName}.${el.className} ends at ${box.right}`);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document.body);
    return found;
  });

const LAYOUTS = [
  { name: '320 px', viewport: { width: 320, height: 640 }, zoom: 1 },
  { name: '640 px at 200 %', viewport: { width: 640, height: 800 }, zoom: 2 }
];

t.test('signed in', async () => {
  await page.goto(crm('dialer'));
  await waitForRoute('login');
  await page.getByLabel('User ID').fill('agent-narrow');
  await page.getByLabel('Your name').fill('Robin Narrow');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForRoute('dialer');
});

for (const layout of LAYOUTS) {
  t.test(`${layout.name}: no sideways scrolling on the Dialer and Buyers pages, through a whole call`, async (t) => {
    await page.setViewportSize(layout.viewport);
    // Page zoom as the browser does it: CSS px get larger, so fewer fit the window.
    await page.evaluate((zoom) => (document.documentElement.style.zoom = String(zoom)), layout.zoom);
    await page.goto(crm('dialer'));
    await waitForRoute('dialer');
    await page.evaluate((zoom) => (document.documentElement.style.zoom = String(zoom)), layout.zoom);
    t.same(await overflow(), [], 'idle');
    await page.locator('#dialer input#number').fill('+1 202 555 0100');
    await page.locator('#dialer button[part="call"]').click();
    await waitForState('connected');
    await page.locator('#dialer button[part="keypad-toggle"]').click();
    t.same(await overflow(), [], 'connected, keypad open');
    if (layout.zoom === 1 && layout.viewport.width === 320) {
      await page.setViewportSize({ width: 360, height: 740 });
      t.same(await overflow(), [], 'connected at 360 px');
      await documentScreenshot(page, 'crm-dialer-360.png');
      await page.setViewportSize(layout.viewport);
    }
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Buyers', exact: true }).click();
    await waitForRoute('buyers');
    t.same(await overflow(), [], 'Buyers, the call in the dock');
    await page.locator('#dialer button[part="end"]').click();
    await waitForState('ended');
    t.same(await overflow(), [], 'ended');
    await page.evaluate(() => (document.documentElement.style.zoom = ''));
  });
}

t.test('1280 px: the desktop layout, for the screenshot beside the narrow one', async (t) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(crm('dialer'));
  await waitForRoute('dialer');
  await page.locator('#dialer input#number').fill('+1 202 555 0100');
  await page.locator('#dialer button[part="call"]').click();
  await waitForState('connected');
  t.same(await overflow(), [], 'connected at 1280 px');
  await documentScreenshot(page, 'crm-dialer-1280.png');
  await page.locator('#dialer button[part="end"]').click();
  await waitForState('ended');
  await waitUntil(async () => (await page.locator('#dialer sw-call-status .state').textContent()) === 'Call ended', 'ended');
  t.same(pageErrors, [], 'no page errors');
});
