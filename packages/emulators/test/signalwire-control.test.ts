import t from 'tap';
import { ScenarioTable } from '../src/signalwire/scenarios.js';
import { linearToMulaw, ToneGenerator } from '../src/signalwire/tone.js';
import { telephoneEventDigit } from '../src/signalwire/rfc4733.js';
import { controlCalls, setScenario, startEmulator } from './fixtures/signalwire-helpers.js';

t.test('control API: override, validate, list, restore', async (t) => {
  const emulator = await startEmulator();
  t.teardown(() => emulator.close());
  const put = await setScenario(emulator, '+12025550100', { outcome: 'busy' });
  t.equal(put.status, 200);
  t.match(await put.json(), { e164: '+12025550100', outcome: 'busy', ringMs: 0, hangupAfterMs: null });
  const list = (await (await fetch(`${emulator.url}/__emulator/scenarios`)).json()) as Array<{ e164: string; outcome: string }>;
  t.equal(list.find((s) => s.e164 === '+12025550100')?.outcome, 'busy');

  t.equal((await setScenario(emulator, '12025550100', { outcome: 'busy' })).status, 400, 'not E.164');
  t.equal((await setScenario(emulator, '+12025550100', { outcome: 'explode' })).status, 400, 'unknown outcome');
  t.equal((await setScenario(emulator, '+12025550100', { outcome: 'answer', ringMs: -1 })).status, 400, 'negative ring');
  t.equal((await setScenario(emulator, '+12025550100', { outcome: 'answer', extra: 1 })).status, 400, 'unknown field');

  const reset = await fetch(`${emulator.url}/__emulator/scenarios`, { method: 'DELETE' });
  t.equal(reset.status, 204);
  const restored = (await (await fetch(`${emulator.url}/__emulator/scenarios`)).json()) as Array<{ e164: string; outcome: string; ringMs: number }>;
  t.match(
    restored.find((s) => s.e164 === '+12025550100'),
    { outcome: 'answer', ringMs: 1000 }
  );
  t.equal(restored.length, 7, 'exactly the DESIGN.md table');
  t.same(await controlCalls(emulator), [], 'no calls yet');
  t.equal((await fetch(`${emulator.url}/nothing-here`)).status, 404);
});

t.test('scenario plans: ring timeout caps rings; non-E.164 is an invalid number', async (t) => {
  const table = new ScenarioTable(5000);
  t.same(table.plan('+12025550102'), { ringMs: 5000, outcome: 'no-answer', hangupAfterMs: null });
  t.same(table.plan('+12025550106'), { ringMs: 1000, outcome: 'answer', hangupAfterMs: 3000 });
  t.same(table.plan('+19995550000'), { ringMs: 2000, outcome: 'answer', hangupAfterMs: null });
  t.same(table.plan('/public/some-room'), { ringMs: 0, outcome: 'invalid-number', hangupAfterMs: null });
  t.same(table.plan('+19995550000', 1000), { ringMs: 1000, outcome: 'no-answer', hangupAfterMs: null }, 'caller timeout shorter than the ring');
  table.override('+19995550000', { outcome: 'no-answer', ringMs: 300 });
  t.equal(table.plan('+19995550000').ringMs, 300);
});

t.test('audio helpers', async (t) => {
  t.equal(linearToMulaw(0), 0xff, 'µ-law silence');
  t.equal(linearToMulaw(32767), 0x80, 'positive full scale');
  t.equal(linearToMulaw(-32768), 0x00, 'negative full scale');
  const tone = new ToneGenerator();
  t.equal(tone.nextFrame('talk').length, 160, '20 ms at 8 kHz');
  t.ok(tone.nextFrame('silence').every((b) => b === 0xff));
  // Frames come from tables of one period per mode: 425 Hz repeats every two frames, the ringback every 6 s.
  const ring = new ToneGenerator();
  const cadence = Array.from({ length: 600 }, () => ring.nextFrame('ringback'));
  t.ok(cadence[0]?.some((b) => b !== 0xff) && cadence[99]?.some((b) => b !== 0xff), 'ringback sounds for the first 2 s');
  t.ok(
    cadence.slice(100, 300).every((frame) => frame.every((b) => b === 0xff)),
    'and is silent for the next 4 s'
  );
  t.ok(
    cadence.slice(300).every((frame, i) => frame.equals(cadence[i] as Buffer)),
    'then repeats'
  );
  const talk = new ToneGenerator();
  const [a, b, c] = [talk.nextFrame('talk'), talk.nextFrame('talk'), talk.nextFrame('talk')];
  t.ok(!a.equals(b) && a.equals(c), '425 Hz: two frames, then again');
  t.equal(telephoneEventDigit(Buffer.from([11, 0x80, 0, 160])), '#');
  t.equal(telephoneEventDigit(Buffer.from([5, 0, 0, 160])), '5');
  t.equal(telephoneEventDigit(Buffer.from([99, 0, 0, 160])), null);
});
