// PREPARE (docs/adr/0081): the token is fetched before the dial, used by it, dropped at the end of its life
// like any other, and never fetched twice when the dial comes while the early fetch is on its way.
import t from 'tap';
import { startHarness, T0, token } from './harness.js';

const transientError = () => Object.assign(new Error('fetch failed'), { transient: true });

t.test('a token fetched ahead is what the dial uses: one request in all', async (t) => {
  const h = startHarness();
  h.actor.send({ type: 'PREPARE' });
  await h.settle();
  t.equal(h.tokenCalls, 1, 'fetched before any dial');
  t.ok(h.actor.getSnapshot().matches({ token: 'valid', call: 'idle' }));
  h.actor.send({ type: 'PREPARE' });
  await h.settle();
  t.equal(h.tokenCalls, 1, 'a second PREPARE with a token held fetches nothing');
  h.actor.send({ type: 'DIAL', number: '+12025550100' });
  await h.settle();
  t.equal(h.tokenCalls, 1, 'the dial used it');
  t.equal(h.sessions.length, 1);
  t.equal(h.sessions[0]!.input.token, h.actor.getSnapshot().context.token);
});

t.test('a token fetched ahead and not used is dropped at the same point of its life', async (t) => {
  const h = startHarness({ tokens: [token(10 * 60_000)] });
  h.actor.send({ type: 'PREPARE' });
  await h.settle();
  await h.advance(9 * 60_000 - 1);
  t.ok(h.actor.getSnapshot().context.token, 'held until a minute before it expires');
  await h.advance(1);
  t.equal(h.actor.getSnapshot().context.token, null, 'then dropped, not refreshed: no call needs it');
  t.equal(h.tokenCalls, 1);
  h.actor.send({ type: 'DIAL', number: '+12025550100' });
  await h.settle();
  t.equal(h.tokenCalls, 2, 'the dial fetches a fresh one');
  t.equal(h.sessions.length, 1);
});

t.test('a dial during the early fetch waits for it instead of fetching again', async (t) => {
  const h = startHarness();
  const actorWithGate = h.actor;
  // The harness's fetchToken answers on a later microtask: the DIAL sent in the same turn finds it on its way.
  actorWithGate.send({ type: 'PREPARE' });
  actorWithGate.send({ type: 'DIAL', number: '+12025550100' });
  t.ok(actorWithGate.getSnapshot().matches({ token: 'prefetching', call: { active: 'awaitingPrefetch' } }));
  await h.settle();
  t.equal(h.tokenCalls, 1, 'one token request for both');
  t.equal(h.sessions.length, 1, 'the call went on with it');
  t.equal(h.sessions[0]!.input.token.token, `tok-${T0}-3600000`);
});

t.test('the early fetch failing: a dial waiting for it fetches its own token', async (t) => {
  const h = startHarness({ tokens: [transientError()] });
  h.actor.send({ type: 'PREPARE' });
  h.actor.send({ type: 'DIAL', number: '+12025550100' });
  await h.settle();
  t.equal(h.tokenCalls, 2, 'the failed early fetch, then the dial its own');
  t.equal(h.sessions.length, 1);
  t.equal(h.view().error, null, 'the early failure is not the call’s');
});

t.test('the early fetch failing with no dial: nothing shown, the next PREPARE tries again', async (t) => {
  const h = startHarness({ tokens: [transientError()] });
  h.actor.send({ type: 'PREPARE' });
  await h.settle();
  t.ok(h.actor.getSnapshot().matches({ token: 'empty', call: 'idle' }));
  t.equal(h.view().state, 'idle');
  t.equal(h.view().error, null);
  h.actor.send({ type: 'PREPARE' });
  await h.settle();
  t.equal(h.tokenCalls, 2);
  t.ok(h.actor.getSnapshot().matches({ token: 'valid' }));
});
