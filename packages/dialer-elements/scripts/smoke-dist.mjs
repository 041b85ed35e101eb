#!/usr/bin/env node
// Loads the production bundle (dist/) in Chromium and exercises the lazy chunks: the phone parser and
// call engine (an invalid number is refused in words), the history list validating an API answer with
// the wire schemas (valibot), and the phone
// metadata split by zone (docs/adr/0022): in fresh pages, a number fetches only the zones it needs; then
// every country's example number, national and international and after an international prefix, gives
// in the bundle what libphonenumber gives in Node with the whole metadata.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(packageDir, 'dist');
// libphonenumber-js is shared-types' dependency: the same copy the bundle was built from.
const requireFromSharedTypes = createRequire(path.join(packageDir, '..', 'shared-types', 'package.json'));
const libphonenumber = requireFromSharedTypes('libphonenumber-js/min');
const examples = requireFromSharedTypes('libphonenumber-js/examples.mobile.json');
const page = `<!doctype html><html><body>
<sw-dialer token-endpoint="/token" api-base="" default-country="US"><sw-call-history slot="history" page-size="5"></sw-call-history></sw-dialer>
<sw-number-input id="probe" hidden></sw-number-input>
<script>
  window.fetch = async (url) => new Response(JSON.stringify({ items: [{ id: '11111111-1111-4111-8111-111111111111', direction: 'outbound', number: '+12025550101', contactId: null, status: 'failed', startedAt: '2026-03-01T12:00:00.000Z', answeredAt: null, endedAt: '2026-03-01T12:00:03.000Z', durationMs: 0, endReason: 'busy', errorCode: null, errorMessage: null, clientSessionId: '22222222-2222-4222-8222-222222222222', providerCallId: null, metadata: null, createdAt: '2026-03-01T12:00:00.000Z', updatedAt: '2026-03-01T12:00:03.000Z' }], nextCursor: null, total: 1 }), { status: 200, headers: { 'content-type': 'application/json' } });
</script>
<script type="module" src="/sw-dialer.js"></script></body></html>`;

const probePage = `<!doctype html><html><body><sw-number-input id="probe"></sw-number-input><script type="module" src="/sw-dialer.js"></script></body></html>`;

const server = createServer(async (req, res) => {
  if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  if (req.url === '/probe') return res.writeHead(200, { 'content-type': 'text/html' }).end(probePage);
  try {
    const body = await readFile(path.join(dist, path.normalize(req.url).replace(/^\/+/, '')));
    res.writeHead(200, { 'content-type': req.url.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
try {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  const result = await tab.evaluate(async () => {
    await customElements.whenDefined('sw-dialer');
    const dialer = document.querySelector('sw-dialer');
    const events = [];
    dialer.addEventListener('sw-call-error', (e) => events.push(e.detail));
    const dialled = await dialer.dial('555');
    const history = document.querySelector('sw-call-history');
    for (let i = 0; i < 100 && !history.shadowRoot.querySelector('[part="row"]'); i++) await new Promise((r) => setTimeout(r, 20));
    return {
      defined: !!customElements.get('sw-call-timer'),
      dialled,
      events,
      row: history.shadowRoot.querySelector('[part="row"]')?.textContent.replace(/\s+/g, ' ').trim() ?? null
    };
  });
  let ok =
    result.defined &&
    result.dialled === false &&
    result.events[0]?.code === 'INVALID_NUMBER' &&
    /The line is busy/.test(result.row ?? '') &&
    errors.length === 0;
  process.stdout.write(`${JSON.stringify({ ...result, errors })}\n`);

  // Fresh pages: which zone chunks a number makes the page fetch (the history list, which formats
  // numbers of its own, is left out of these pages).
  const zonesFetched = async (text, country) => {
    const fresh = await browser.newPage();
    const zones = [];
    fresh.on('request', (request) => {
      const zone = /\/zone-(\d)-[^/]*\.js$/.exec(request.url())?.[1];
      if (zone) zones.push(zone);
    });
    await fresh.goto(`http://127.0.0.1:${server.address().port}/probe`);
    const check = await fresh.evaluate(
      async ({ text, country }) => {
        await customElements.whenDefined('sw-number-input');
        const probe = document.getElementById('probe');
        probe.defaultCountry = country;
        probe.value = text;
        return probe.check({ show: false });
      },
      { text, country }
    );
    await fresh.close();
    return { check, zones: zones.sort() };
  };
  const zoneCases = [
    ['(202) 555-0100', 'US', ['1'], '+12025550100'],
    ['020 7946 0958', 'GB', ['4'], '+442079460958'],
    ['+81 3-1234-5678', 'US', ['1', '8'], '+81312345678'],
    ['011 44 20 7946 0958', 'US', ['1', '4'], '+442079460958']
  ];
  for (const [text, country, zones, e164] of zoneCases) {
    const seen = await zonesFetched(text, country);
    const good = seen.check.e164 === e164 && JSON.stringify(seen.zones) === JSON.stringify(zones);
    process.stdout.write(
      `zones for ${text} from ${country}: ${seen.zones.join(',')} → ${seen.check.e164 ?? seen.check.message}${good ? '' : `  FAILED (expected zones ${zones}, ${e164})`}\n`
    );
    ok &&= good;
  }

  // Every country, in one page: the bundle's answer against libphonenumber's with the whole metadata.
  const cases = [];
  for (const [country, national] of Object.entries(examples)) {
    let code;
    try {
      code = libphonenumber.getCountryCallingCode(country);
    } catch {
      continue;
    }
    cases.push([national, country], [`+${code} ${national}`, code.startsWith('1') ? 'GB' : 'US'], [`011 ${code} ${national}`, 'US']);
  }
  const expected = cases.map(([text, country]) => {
    try {
      const parsed = libphonenumber.parsePhoneNumberWithError(text, country);
      return parsed.isValid() && !parsed.ext ? parsed.number : null;
    } catch {
      return null;
    }
  });
  const actual = await tab.evaluate(async (cases) => {
    const probe = document.getElementById('probe');
    const results = [];
    for (const [text, country] of cases) {
      probe.defaultCountry = country;
      probe.value = text;
      results.push((await probe.check({ show: false })).e164);
    }
    return results;
  }, cases);
  const mismatches = cases.filter((_, i) => actual[i] !== expected[i]).map(([text, country], i) => `${text} from ${country}: ${actual[i]} ≠ ${expected[i]}`);
  process.stdout.write(
    `every country: ${cases.length} numbers, ${expected.filter(Boolean).length} valid, ${mismatches.length} differ from the whole metadata${mismatches.length ? `: ${mismatches.slice(0, 5).join('; ')}` : ''}\n`
  );
  ok &&= mismatches.length === 0 && errors.length === 0;
  process.stdout.write(`${ok ? 'smoke ok' : 'smoke FAILED'}\n`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await browser.close();
  server.close();
}
