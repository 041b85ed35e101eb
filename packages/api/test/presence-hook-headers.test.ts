import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { hookHeaders } from '../src/routes/telephony/presence/hook-headers.js';

t.test('the headers the hooks set keep their shape for the hand-written stream head', async (t) => {
  const headers = hookHeaders({ 'set-cookie': ['a=1', 'b=2'], 'x-ratelimit-limit': 120, vary: 'Origin', gone: undefined });
  t.same(headers, { 'set-cookie': ['a=1', 'b=2'], 'x-ratelimit-limit': 120, vary: 'Origin' });
});

t.test('a list reaches the browser as one header line per value, not one comma-joined line', async (t) => {
  const server = createServer((_req, res) => {
    res.writeHead(200, hookHeaders({ 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'] }));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  t.same(response.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/']);
});
