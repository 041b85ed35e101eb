import net from 'node:net';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { TEST_JWT_SECRET } from './helpers/build-test-app.js';
import { failureKind } from '../src/errors/failure-kind.js';
import { DatabaseUnreachableError } from '../src/db/pool-errors.js';

/**
 * Issue 14, item 9: health answered `connect ECONNREFUSED 127.0.0.1:PORT` for a database it could not reach,
 * telling anyone who can read health the internal address and port. It now names the kind of failure; the
 * full error, address included, is kept in the logs.
 */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

t.test('a database that refuses connections: health says "connection refused", the log has the address', async (t) => {
  const port = await closedPort();
  const logs: string[] = [];
  const app = await buildApp(
    {
      env: 'test',
      database: { kind: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/nowhere` },
      migrate: false,
      auth: { jwt: { kind: 'secret', secret: TEST_JWT_SECRET }, devLogin: false },
      rateLimit: { max: 10_000, timeWindowMs: 60_000 },
      corsOrigins: [],
      alerts: { policy: { failureRate: 0.2, minCalls: 20, windowMs: 300_000, tokenFailures: 5 } },
      logLevel: 'info'
    },
    { logDestination: { write: (line: string) => void logs.push(line) } }
  );
  t.teardown(() => app.close());
  const authorization = `Bearer ${app.jwt.sign({ sub: 'ops' }, { expiresIn: 600 })}`;
  const response = await app.inject({ method: 'GET', url: '/api/telephony/health', headers: { authorization } });
  t.equal(response.statusCode, 503);
  const check = response.json().checks.database;
  t.equal(check.status, 'down');
  t.equal(check.message, 'connection refused');
  t.notMatch(response.body, new RegExp(`127\\.0\\.0\\.1|${port}|ECONNREFUSED`), 'no address, port or driver text in the answer');
  t.ok(
    logs.some((line) => line.includes('"action":"health"') && line.includes(`127.0.0.1:${port}`)),
    'the log keeps the address'
  );
});

t.test('each kind of failure is named without the text that carried it', async (t) => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
  const cases: Array<[unknown, string]> = [
    [withCode('connect ECONNREFUSED 10.0.3.7:5432', 'ECONNREFUSED'), 'connection refused'],
    [
      new DatabaseUnreachableError(
        'could not connect to the database: connect ECONNREFUSED 10.0.3.7:5432',
        withCode('connect ECONNREFUSED 10.0.3.7:5432', 'ECONNREFUSED')
      ),
      'connection refused'
    ],
    [withCode('getaddrinfo ENOTFOUND db.internal.example', 'ENOTFOUND'), 'host name not found'],
    [withCode('connect EHOSTUNREACH 10.0.3.7:5432', 'EHOSTUNREACH'), 'host unreachable'],
    [withCode('password authentication failed for user "svc_dialer"', '28P01'), 'authentication failed'],
    [withCode('database "dialer_prod" does not exist', '3D000'), 'database does not exist'],
    [new DatabaseUnreachableError('the database did not accept a connection within 2000 ms', new Error('timeout expired')), 'connection timed out'],
    [new Error('Connection terminated unexpectedly'), 'connection lost'],
    [new Error('something odd at 10.0.3.7'), 'failed (the logs have the error)']
  ];
  for (const [error, kind] of cases) {
    t.equal(failureKind(error), kind, (error as Error).message);
    t.notMatch(failureKind(error), /10\.0\.3\.7|internal|svc_dialer|dialer_prod/);
  }
});
