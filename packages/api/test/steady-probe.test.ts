import t from 'tap';
import { ProbeTimeout, steadyProbe } from '../src/lifecycle/steady-probe.js';

/** A dependency the test answers by hand: each check waits for `answer`, `fail` or nothing (a hang). */
function dependency() {
  let pending: { resolve(value: string): void; reject(error: Error): void } | undefined;
  return {
    check: () => new Promise<string>((resolve, reject) => (pending = { resolve, reject })),
    answer: (value: string) => pending?.resolve(value),
    fail: (error: Error) => pending?.reject(error)
  };
}

t.test('a slow check soon after an answer reports that answer; past the grace, and for errors, it fails', async (t) => {
  let clock = 0;
  const dep = dependency();
  const probe = steadyProbe(dep.check, { timeoutMs: 20, graceMs: 1000, now: () => clock });

  const first = probe();
  dep.answer('ready');
  t.equal(await first, 'ready', 'an answer is passed on');

  clock = 900;
  t.equal(await probe(), 'ready', 'no answer within the timeout, 900 ms after the last: the last answer (a busy moment)');

  clock = 1100;
  await t.rejects(probe(), ProbeTimeout, 'slow for longer than the grace: a timeout');

  const answered = probe();
  dep.answer('ready again');
  t.equal(await answered, 'ready again');
  clock = 1200;
  const refused = probe();
  dep.fail(new Error('ECONNREFUSED'));
  await t.rejects(refused, /ECONNREFUSED/, 'an error fails at once, however recent the last answer');
});

t.test('a first check that times out fails: there is nothing to fall back on', async (t) => {
  const probe = steadyProbe(dependency().check, { timeoutMs: 20, graceMs: 1000, now: () => 0 });
  await t.rejects(probe(), ProbeTimeout);
});
