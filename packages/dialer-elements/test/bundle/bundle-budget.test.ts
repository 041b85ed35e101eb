// The size budgets of the production bundle (docs/adr/0080): two clean builds give the same bytes, and
// neither the initial load nor the full call path (worst case: the two largest phone metadata zones)
// exceeds its budget. `pnpm bench:ui` prints the same figures with a per-file breakdown.
import t from 'tap';
// @ts-expect-error: a plain JavaScript build helper without type declarations
import { BUDGETS, buildAside, measure } from '../../scripts/bundle-budget.mjs';

interface Build {
  files: Map<string, Buffer>;
}
interface Totals {
  files: number;
  gz: number;
}

const first = (await buildAside('.bundle-test-a-')) as Build;
const second = (await buildAside('.bundle-test-b-')) as Build;

t.test('two clean builds give the same files, byte for byte', async (t) => {
  t.same([...second.files.keys()].sort(), [...first.files.keys()].sort());
  const differing = [...first.files].filter(([name, bytes]) => !second.files.get(name)?.equals(bytes)).map(([name]) => name);
  t.same(differing, []);
});

t.test('each group is within its budget', async (t) => {
  const { totals, classicZod } = measure(first) as { totals: Record<string, Totals>; classicZod: string[] };
  t.ok(totals.initial!.gz <= BUDGETS.initial, `initial load ${totals.initial!.gz} B gz ≤ ${BUDGETS.initial} B`);
  t.ok(totals.callPath!.gz <= BUDGETS.callPath, `full call path ${totals.callPath!.gz} B gz ≤ ${BUDGETS.callPath} B`);
  // The worst case counts two zone chunks on top of the zone-free path; a call never needs more.
  t.equal(totals.callPath!.files, totals.zoneOneOnly!.files + 1);
  t.same(classicZod, [], 'classic zod stays out of the browser (docs/adr/0021)');
});

t.test('the SDK chunk carries the Call Fabric client, not the Chat client', async (t) => {
  // Chunks are named by hash alone (scripts/build.mjs), so the SDK's is found by what it holds.
  const holding = [...first.files].filter(([name, bytes]) => name.endsWith('.js') && bytes.toString('utf8').includes('"verto.invite"'));
  t.equal(holding.length, 1, 'one chunk holds the calling protocol');
  const sdk = holding[0];
  t.ok(sdk && sdk[0].includes('chunks/'), 'the SDK is a chunk of its own, loaded lazily');
  const text = sdk![1].toString('utf8');
  for (const method of ['"chat.publish"', '"chat.members.get"', '"chat.messages.get"']) t.notOk(text.includes(method), `${method} is dropped`);
});
