// The gate that holds back what can wait while a call is set up (docs/adr/0142).
import t from 'tap';
import { SetupGate } from '../../src/controller/setup-gate.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('no call being set up: the work runs at once', async (t) => {
  const ran: string[] = [];
  new SetupGate(() => false, 1_000).after(() => ran.push('now'));
  t.same(ran, ['now']);
});

t.test('a call being set up: the work waits until the set-up is over, once, in order', async (t) => {
  let settingUp = true;
  const gate = new SetupGate(() => settingUp, 1_000);
  const ran: string[] = [];
  gate.after(() => ran.push('lookup'));
  gate.after(() => ran.push('presence'));
  gate.changed();
  t.same(ran, [], 'still setting up: a change that does not end it runs nothing');
  settingUp = false;
  gate.changed();
  gate.changed();
  t.same(ran, ['lookup', 'presence']);
});

t.test('work that throws at the end of the set-up neither stops the rest nor the caller; its error surfaces', async (t) => {
  let settingUp = true;
  const gate = new SetupGate(() => settingUp, 1_000);
  const ran: string[] = [];
  gate.after(() => {
    throw new Error('lookup failed');
  });
  gate.after(() => ran.push('presence'));
  const surfaced = new Promise<Error>((resolve) => process.once('uncaughtException', resolve));
  settingUp = false;
  t.doesNotThrow(() => gate.changed(), 'the snapshot handler that called it goes on');
  t.same(ran, ['presence'], 'the next item still ran, at once');
  t.equal((await surfaced).message, 'lookup failed', 'the error is not swallowed');
});

t.test('a set-up that never ends holds the work back for maxMs at most', async (t) => {
  const gate = new SetupGate(() => true, 40);
  const ran: number[] = [];
  const started = performance.now();
  gate.after(() => ran.push(performance.now() - started));
  await sleep(10);
  t.same(ran, []);
  await sleep(80);
  t.equal(ran.length, 1);
  t.ok(ran[0]! >= 35, `after the cap (${Math.round(ran[0]!)} ms)`);
});

t.test('cancelled or cleared work never runs, neither at the end of the set-up nor at the cap', async (t) => {
  let settingUp = true;
  const gate = new SetupGate(() => settingUp, 30);
  const ran: string[] = [];
  const cancel = gate.after(() => ran.push('cancelled'));
  gate.after(() => ran.push('cleared'));
  cancel();
  gate.clear();
  settingUp = false;
  gate.changed();
  await sleep(60);
  t.same(ran, []);
});
