#!/usr/bin/env node
// Loads the production bundle (dist/) in Chromium and exercises the lazy chunks: the phone metadata and
// call engine (an invalid number is refused in words), and the history list validating an API answer
// with the shared zod schemas (which checks the build's zod-locales trim did not break zod).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const dist = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'dist');
const page = `<!doctype html><html><body>
<sw-dialer token-endpoint="/token" api-base="" default-country="US"><sw-call-history slot="history" page-size="5"></sw-call-history></sw-dialer>
<script>
  window.fetch = async (url) => new Response(JSON.stringify({ items: [{ id: '11111111-1111-4111-8111-111111111111', direction: 'outbound', number: '+12025550101', contactId: null, status: 'failed', startedAt: '2026-03-01T12:00:00.000Z', answeredAt: null, endedAt: '2026-03-01T12:00:03.000Z', durationMs: 0, endReason: 'busy', errorCode: null, errorMessage: null, clientSessionId: '22222222-2222-4222-8222-222222222222', providerCallId: null, metadata: null, createdAt: '2026-03-01T12:00:00.000Z', updatedAt: '2026-03-01T12:00:03.000Z' }], nextCursor: null, total: 1 }), { status: 200, headers: { 'content-type': 'application/json' } });
</script>
<script type="module" src="/sw-dialer.js"></script></body></html>`;

const server = createServer(async (req, res) => {
  if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
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
    return { defined: !!customElements.get('sw-call-timer'), dialled, events, row: history.shadowRoot.querySelector('[part="row"]')?.textContent.replace(/\s+/g, ' ').trim() ?? null };
  });
  const ok = result.defined && result.dialled === false && result.events[0]?.code === 'INVALID_NUMBER' && /The line is busy/.test(result.row ?? '') && errors.length === 0;
  process.stdout.write(`${JSON.stringify({ ...result, errors })}\n${ok ? 'smoke ok' : 'smoke FAILED'}\n`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await browser.close();
  server.close();
}
