import { fileURLToPath } from 'node:url';
import t from 'tap';
import { launchChromium } from './browser.js';
import { documentScreenshot, waitUntil } from './e2e-helpers.js';
import { WidgetAgent, sleep } from './reliability/widget-agent.js';
import { startStack } from './start-stack.js';

/**
 * The wrap-up after a call (issue 20), with the real SDK in Chromium against the emulators and the real API:
 * the agent saves a disposition and notes in the widget, the history names the contact with the disposition
 * and a notes mark, the API refuses what it must, and a wrap-up saved while the API is stopped lands once.
 */
const stack = await startStack();
t.teardown(() => stack.stop());
const browser = await launchChromium();
t.teardown(() => browser.close());
// A shared 2-core machine under load can take longer than playwright's 30 s to load a page.
const context = await WidgetAgent.context(browser);
context.setDefaultNavigationTimeout(120_000);
context.setDefaultTimeout(60_000);
t.teardown(() => context.close());
const agent = await WidgetAgent.open(browser, stack, 'wrap-up-agent', { context });
const page = agent.page;

// The widget's sw-call-wrapped-up events, and every answer to a wrap-up write the page received.
await page.evaluate(() => {
  const seen: unknown[] = [];
  (window as unknown as { __wrappedUp: unknown[] }).__wrappedUp = seen;
  document.addEventListener('sw-call-wrapped-up', (event) => seen.push((event as CustomEvent).detail));
});
const wrapUpAnswers: Array<{ url: string; status: number }> = [];
const traffic: string[] = [];
page.on('response', (response) => traffic.push(`${response.request().method()} ${response.url()} ${response.status()}`));
page.on('requestfailed', (request) => traffic.push(`FAILED ${request.method()} ${request.url()} ${request.failure()?.errorText}`));
page.on('response', (response) => {
  if (response.request().method() === 'PUT' && response.url().endsWith('/wrap-up')) wrapUpAnswers.push({ url: response.url(), status: response.status() });
});

const tokenOf = (userId: string) => stack.app.jwt.sign({ sub: userId }, { expiresIn: 600 });
async function api(userId: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokenOf(userId)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

/** A call to the emulator's "Ada Answers" (a SwitchFree contact), talked and hung up; its `sw-call-ended`. */
async function talkToAda() {
  const from = await agent.dial('+12025550100');
  await agent.waitForState('connected', 60_000).catch(async (error: unknown) => {
    throw new Error(
      `${String(error)}; console: ${agent.console.join(' | ')}; events: ${JSON.stringify((await agent.events()).slice(from))}; traffic: ${traffic.join(' | ')}`
    );
  });
  await agent.waitForWritesDelivered('the opening writes');
  return from;
}
const wrapUp = page.locator('#dialer sw-wrap-up');
async function fillWrapUp(disposition: string, notes: string) {
  await wrapUp.locator('input[type="radio"]').first().waitFor({ timeout: 10_000 });
  await wrapUp.locator(`input[value="${disposition}"]`).check();
  await wrapUp.locator('textarea').fill(notes);
}

let firstCallId = '';

t.test('after an outbound call the agent saves a disposition and notes; the history names the contact with both', async (t) => {
  const from = await talkToAda();
  await agent.hangup();
  const ended = await agent.waitForEnd(from, 60_000);
  t.match(ended, { status: 'ended', endReason: 'local-hangup' });
  firstCallId = ended.callId!;
  t.ok(firstCallId, 'the call was logged');

  await fillWrapUp('Interested', 'Wants the price list by Friday');
  t.equal(await wrapUp.locator('#count').textContent(), '1,970 of 2,000 characters left');
  // The wrap-up sits under the dialer's controls, below a page's first screen: the picture is of the dialer.
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await wrapUp.locator('textarea').blur();
    await page
      .locator('#dialer')
      .screenshot({ path: fileURLToPath(new URL('../../../docs/screenshots/wrap-up.png', import.meta.url)), animations: 'disabled', caret: 'hide' });
  }
  await wrapUp.locator('button[part="save"]').click();

  await waitUntil(async () => (await api(agent.userId, 'GET', `/api/telephony/calls/${firstCallId}/wrap-up`)).status === 200, 'the wrap-up stored');
  const stored = await api(agent.userId, 'GET', `/api/telephony/calls/${firstCallId}/wrap-up`);
  t.match(stored.json, { callId: firstCallId, disposition: 'Interested', notes: 'Wants the price list by Friday' });
  t.same(await page.evaluate(() => (window as unknown as { __wrappedUp: unknown[] }).__wrappedUp), [
    { callId: firstCallId, number: '+12025550100', disposition: 'Interested', notes: 'Wants the price list by Friday' }
  ]);

  // The history reloads once the wrap-up reached the API.
  const row = page.locator(`#history [part="row"][data-call-id="${firstCallId}"]`);
  await waitUntil(async () => (await row.locator('[part="disposition"]').count()) === 1, 'the row shows the disposition', 15_000);
  const text = (await row.textContent())!.replace(/\s+/g, ' ');
  t.match(text, /Ada Answers/, 'the contact, by name');
  t.match(text, /Northwind Traders/, 'and company');
  t.equal(await row.locator('[part="disposition"]').textContent(), 'Interested');
  t.equal(await row.locator('[part="notes-marker"]').count(), 1, 'the notes mark');
  await waitUntil(async () => (await wrapUp.count()) === 0, 'the wrap-up closed', 10_000);
  await documentScreenshot(page, 'history-wrap-up.png');
  t.same(
    wrapUpAnswers.map((a) => a.status),
    [201],
    'one write'
  );
});

t.test('the API refuses what it must, each in the one error shape', async (t) => {
  // Another user's call: it does not exist for them.
  const foreign = await api('someone-else', 'PUT', `/api/telephony/calls/${firstCallId}/wrap-up`, { disposition: 'Lost' });
  t.equal(foreign.status, 404);
  t.equal(foreign.json.error.code, 'NOT_FOUND');

  // An open call.
  const opened = await api('open-call-agent', 'POST', '/api/telephony/calls', {
    direction: 'outbound',
    number: '+12025550123',
    status: 'dialing',
    startedAt: new Date().toISOString(),
    clientSessionId: crypto.randomUUID()
  });
  t.equal(opened.status, 201);
  const open = await api('open-call-agent', 'PUT', `/api/telephony/calls/${opened.json.id}/wrap-up`, { disposition: 'Interested' });
  t.equal(open.status, 409);
  t.match(open.json.error, { code: 'CONFLICT', message: /still open/ });

  // A call that ended longer ago than the edit window (24 h by default).
  const longAgo = Date.now() - 26 * 3600_000;
  const old = await api(agent.userId, 'POST', '/api/telephony/calls', {
    direction: 'outbound',
    number: '+12025550100',
    status: 'ended',
    startedAt: new Date(longAgo).toISOString(),
    answeredAt: new Date(longAgo + 2_000).toISOString(),
    endedAt: new Date(longAgo + 62_000).toISOString(),
    durationMs: 60_000,
    endReason: 'local-hangup',
    clientSessionId: crypto.randomUUID()
  });
  t.equal(old.status, 201, JSON.stringify(old.json));
  const late = await api(agent.userId, 'PUT', `/api/telephony/calls/${old.json.id}/wrap-up`, { disposition: 'Interested' });
  t.equal(late.status, 409);
  t.match(late.json.error, { code: 'CONFLICT', details: { editableUntil: String } });

  // Notes over 2,000 characters: a 400 naming the field.
  const long = await api(agent.userId, 'PUT', `/api/telephony/calls/${firstCallId}/wrap-up`, { disposition: 'Interested', notes: 'x'.repeat(2001) });
  t.equal(long.status, 400);
  t.equal(long.json.error.code, 'VALIDATION_FAILED');
  t.ok(
    (long.json.error.details.issues as Array<{ field: string }>).some((issue) => issue.field === 'body.notes'),
    'names body.notes'
  );
  // None of it changed the agent's wrap-up.
  t.match((await api(agent.userId, 'GET', `/api/telephony/calls/${firstCallId}/wrap-up`)).json, { disposition: 'Interested' });
});

t.test('saved while the API is stopped, before even the call’s closing write got through: both land once after it restarts', async (t) => {
  const from = await talkToAda();
  const answersBefore = wrapUpAnswers.length;
  await stack.stopApi();
  await agent.hangup();
  const ended = await agent.waitForEnd(from, 60_000);
  t.match(ended, { status: 'ended', endReason: 'local-hangup' });
  await fillWrapUp('Call back', 'Back from holiday on the 12th');
  await wrapUp.locator('button[part="save"]').click();
  await waitUntil(async () => (await agent.pendingWrites()) >= 2, 'the closing write and the wrap-up queued');
  await sleep(1_500);
  await stack.startApi();
  await agent.waitForWritesDelivered('the outbox to drain', 45_000);

  const rows = await stack.app.db.selectFrom('call_wrap_ups').select(['call_id', 'disposition']).where('call_id', '=', ended.callId!).execute();
  t.same(rows, [{ call_id: ended.callId, disposition: 'Call back' }], 'one wrap-up, on the call');
  const call = await stack.app.db.selectFrom('call_logs').select(['status', 'end_reason']).where('id', '=', ended.callId!).executeTakeFirstOrThrow();
  t.same(call, { status: 'ended', end_reason: 'local-hangup' }, 'the call was closed first');
  t.match((await api(agent.userId, 'GET', `/api/telephony/calls/${ended.callId}/wrap-up`)).json, {
    disposition: 'Call back',
    notes: 'Back from holiday on the 12th'
  });
  const answers = wrapUpAnswers.slice(answersBefore);
  t.same(
    answers.map((a) => a.status),
    [201],
    'the API answered one write: it landed once, and nothing was replayed after it had'
  );
  t.same(agent.pageErrors, [], 'no page errors');
});
