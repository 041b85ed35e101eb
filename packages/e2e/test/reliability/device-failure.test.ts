import t from 'tap';
import { launchChromium } from '../browser.js';
import { startStack } from '../start-stack.js';
import { WidgetAgent, callRows, farEndCalls, waitUntil } from './widget-agent.js';

/**
 * The microphone is allowed but fails when the call opens it (the one capture of a call, opened at the click
 * and handed to the SDK: docs/adr/0131): the read hangs, or the device is unreadable. That must be logged as
 * the local problem it is (failed / error, the microphone named), never as the far end hanging up, and nothing
 * may reach SignalWire. Chromium's fake microphone cannot fail, so the page's getUserMedia is wrapped to fail:
 * the one stand-in here, for hardware.
 */
const stack = await startStack();
t.teardown(() => stack.stop());
const browser = await launchChromium();
t.teardown(() => browser.close());
const agent = await WidgetAgent.open(browser, stack, 'device-agent');
// Granted (as after the user allowed it once): a hanging device read is then bounded to 5 s, as the SDK bounds its own.
await agent.context.grantPermissions(['microphone'], { origin: stack.examplesOrigin });

type Breakage = 'hang' | 'unreadable' | null;
async function breakMicrophone(how: Breakage) {
  await agent.page.evaluate((mode) => {
    const media = navigator.mediaDevices as MediaDevices & { __real?: MediaDevices['getUserMedia'] };
    media.__real ??= media.getUserMedia.bind(media);
    media.getUserMedia = (constraints) => {
      if (!mode) return media.__real!(constraints);
      if (mode === 'hang') return new Promise<MediaStream>(() => {});
      // As Chromium's audio service refuses a device: after a moment, not synchronously (a promise
      // rejected before the SDK attaches its handler would be reported as an unhandled rejection).
      return new Promise<MediaStream>((_resolve, reject) =>
        setTimeout(() => reject(new DOMException('Could not start audio source', 'NotReadableError')), 100)
      );
    };
  }, how);
}

async function failedCall(number: string, timeoutMs: number) {
  const from = await agent.dial(number);
  const startedAt = Date.now();
  const ended = await agent.waitForEnd(from, timeoutMs);
  const afterMs = Date.now() - startedAt;
  const error = (await agent.events()).slice(from).find((event) => event.type === 'error');
  await waitUntil(
    async () => (await callRows(stack, [agent.userId])).some((row) => row.number === number && row.status === 'failed'),
    `the call log of ${number} to close`
  );
  const row = (await callRows(stack, [agent.userId])).filter((candidate) => candidate.number === number).pop() as Record<string, any>;
  return { ended, afterMs, error, row, shown: await agent.statusText() };
}

t.test('the microphone cannot be read (the read hangs): failed / error, in plain words, within 5 s', async (t) => {
  await breakMicrophone('hang');
  const call = await failedCall('+12025550180', 15_000);
  t.comment(`ended ${(call.afterMs / 1000).toFixed(1)} s after the dial: ${JSON.stringify(call.ended)}`);
  t.match(call.ended, { status: 'failed', endReason: 'error', durationMs: 0 }, 'a local failure, not a hangup');
  t.same(call.ended.states, ['dialing', 'failed'], 'it never rang');
  t.ok(call.afterMs < 10_000, `ended in ${call.afterMs} ms (a device read gets 5 s)`);
  t.match(call.error, { code: 'MIC_ERROR' }, 'sw-call-error names the microphone');
  t.match(call.shown, /microphone could not be opened/i, `the status line says so: "${call.shown}"`);
  t.match(call.row, { status: 'failed', end_reason: 'error', error_code: 'MIC_ERROR', duration_ms: 0 }, 'the log says so');
});

t.test('the microphone is unreadable (NotReadableError) when the call opens it: failed / error at once', async (t) => {
  await breakMicrophone('unreadable');
  const call = await failedCall('+12025550181', 10_000);
  t.match(call.ended, { status: 'failed', endReason: 'error', durationMs: 0 });
  t.match(call.error, { code: 'MIC_ERROR' });
  t.match(call.row, { status: 'failed', end_reason: 'error', error_code: 'MIC_ERROR' });
});

t.test('with the microphone working again the next call connects; nothing reached the far end before', async (t) => {
  t.same(
    (await farEndCalls(stack)).filter((call) => ['+12025550180', '+12025550181'].includes(call.to)),
    [],
    'the failed calls rang no one'
  );
  await breakMicrophone(null);
  const from = await agent.dial('+12025550182');
  await agent.waitForState('connected');
  await agent.hangup();
  t.match(await agent.waitForEnd(from), { status: 'ended', endReason: 'local-hangup' });
  t.same(agent.pageErrors, [], 'no page errors');
});
