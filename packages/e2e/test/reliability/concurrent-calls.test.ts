import t from 'tap';
import { launchChromium } from '../../../emulators/test/browser/launch-chromium.js';
import { startStack } from '../start-stack.js';
import { WidgetAgent, callRows, farEndCalls, sleep, waitUntil, type Ended } from './widget-agent.js';

/**
 * Concurrent real-SDK calls through the emulator: one browser context per agent (each signed in as its own
 * user), every call with real WebRTC media to the emulator's far end, all up at once. All must connect,
 * carry audio, end as hung up and leave exactly one call-log row each.
 *
 * How many: as many as this machine holds. On the 2-core machine of CI and the developers, ten hold
 * (the calls take about 35 s, the file about 60 s); at twenty, the far ends' media (werift, in this
 * process) and twenty Chromium pages starve each other: round trips of 6-9 s, the SDK's 3 s
 * media-connection timer firing during set-up, calls dropped (bench/RESULTS-reliability.md).
 * CONCURRENT_CALLS=20 runs the issue's figure on a bigger machine.
 */
const CALLS = Number(process.env.CONCURRENT_CALLS ?? 10);
// With every call's media on the same two cores, the SDK's "active" reaches a page up to half a second
// after the far end answered (one call at a time, standalone-calls.test.ts holds it to 250 ms).
const DURATION_TOLERANCE_MS = 1_000;
const stack = await startStack();
t.teardown(() => stack.stop());
// One Chromium captures at most 16 microphones at once (its audio service refuses the 17th with
// "NotReadableError: Could not start audio source"), so more calls than that are shared among as few
// browsers as that allows.
const MICROPHONES_PER_BROWSER = 16;
const browsers = await Promise.all(Array.from({ length: Math.ceil(CALLS / MICROPHONES_PER_BROWSER) }, () => launchChromium()));
t.teardown(() => Promise.all(browsers.map((browser) => browser.close())));

const agents: WidgetAgent[] = [];
for (let i = 0; i < CALLS; i++) agents.push(await WidgetAgent.open(browsers[i % browsers.length] as (typeof browsers)[number], stack, `concurrent-agent-${i}`));
// Numbers outside the scenario table ring about 2 s and answer, and stay up until the caller hangs up.
const numberOf = (i: number) => `+1202555${String(170 + i).padStart(4, '0')}`;
const percentile = (values: number[], p: number) => [...values].sort((x, y) => x - y)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)] as number;

t.test(`${CALLS} calls at once: all connect, carry audio, end and are logged once`, async (t) => {
  // One after another, each dialled once the previous one is up, as a team's calls build up: only one
  // call is being set up at any moment (its far end's ICE and DTLS handshake run in JavaScript in this
  // process, and the SDK gives a media connection 3 s), while all the others carry audio.
  const connectedAfter: number[] = [];
  const froms: number[] = [];
  for (const [i, agent] of agents.entries()) {
    const started = Date.now();
    const from = await agent.dial(numberOf(i));
    froms.push(from);
    await agent.waitForState('connected', 30_000).catch(async (error: Error) => {
      const events = (await agent.events()).slice(from);
      throw new Error(`${error.message}; its events: ${JSON.stringify(events)}; far end: ${JSON.stringify((await farEndCalls(stack)).filter((call) => call.to === numberOf(i)))}; console: ${agent.console.join(' | ')}`);
    });
    connectedAfter.push(Date.now() - started);
  }
  t.comment(`dial to connected (ring about 2 s included): p50 ${percentile(connectedAfter, 50)} ms, max ${Math.max(...connectedAfter)} ms`);
  const live = (await farEndCalls(stack)).filter((call) => call.state === 'active');
  t.equal(live.length, CALLS, `${CALLS} calls up at the far end at once`);

  // Audio flows on every call: each far end keeps receiving RTP.
  const before = new Map(live.map((call) => [call.to as string, call.rtpPacketsReceived as number]));
  await sleep(2_000);
  const later = await farEndCalls(stack);
  const silent = later.filter((call) => call.state === 'active' && (call.rtpPacketsReceived as number) <= (before.get(call.to as string) ?? 0));
  t.same(silent.map((call) => call.to), [], 'audio reaches the far end of every call');

  // Hung up one by one, each once the previous has ended, so that the far end hears every bye when it is
  // sent and the two ends' durations stay comparable.
  const ended: Ended[] = [];
  for (const [i, agent] of agents.entries()) {
    await agent.hangup();
    ended.push(await agent.waitForEnd(froms[i] as number));
  }
  t.ok(ended.every((end) => end.status === 'ended' && end.endReason === 'local-hangup'), `every call ended as hung up (${JSON.stringify(ended.filter((end) => end.endReason !== 'local-hangup'))})`);

  const users = agents.map((agent) => agent.userId);
  await waitUntil(async () => (await callRows(stack, users)).filter((row) => row.status === 'ended').length === CALLS, 'every call log to close', 30_000);
  const rows = await callRows(stack, users);
  t.equal(rows.length, CALLS, 'one row per call');
  t.equal(new Set(rows.map((row) => row.user_id)).size, CALLS, 'one per agent');
  const far = await farEndCalls(stack);
  const off: string[] = [];
  agents.forEach((agent, i) => {
    const row = rows.find((candidate) => candidate.user_id === agent.userId) as Record<string, any>;
    const end = ended[i];
    if (row.number !== numberOf(i) || row.end_reason !== 'local-hangup' || row.duration_ms !== end?.durationMs || row.id !== end?.callId) off.push(`${agent.userId}: ${JSON.stringify(row)}`);
    const farCall = far.find((call) => call.to === numberOf(i)) as Record<string, any>;
    const farDuration = Date.parse(farCall.endedAt) - Date.parse(farCall.answeredAt);
    if (Math.abs(row.duration_ms - farDuration) > DURATION_TOLERANCE_MS) off.push(`${agent.userId}: logged ${row.duration_ms} ms, far end ${farDuration} ms`);
  });
  t.same(off, [], `each row holds its call: number, hangup, the duration the widget measured, within ${DURATION_TOLERANCE_MS} ms of the far end's`);
  t.same(agents.flatMap((agent) => agent.pageErrors), [], 'no page errors');
});
